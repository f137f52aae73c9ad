"""The anonymous evaluation after a training: one-time links and answers.

A participant answers through a personal one-time link. The link's token is derived from the
registration with a keyed hash when the e-mail is rendered; the token row stores only its
SHA-256, the course and whether it was used: no registration, no date. The answer row stores
the course, the date and the answers: no foreign key to the token or the registration, no
time of day, and a random primary key, so neither a join nor the order of ids ties an answer
to a person. (The database's own transaction ids are not hidden from someone with direct
access to it.) Results are shown only for EVALUATION_MIN_ANSWERS answers or more.

The tables keep the names they had in ``participants`` (``db_table``): the models moved here
with ``SeparateDatabaseAndState`` and their rows stayed where they were.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Course, RecoveryDomain

EVALUATION_MIN_ANSWERS = 5
SCALE = [(n, str(n)) for n in range(1, 6)]


class EvaluationToken(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="evaluation_tokens", verbose_name=_("dialogue training")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        db_table = "participants_evaluationtoken"
        verbose_name = _("evaluation link")
        verbose_name_plural = _("evaluation links")

    def __str__(self) -> str:
        return f"{self.course_id}: {self.token_hash[:8]}…"


def _scale_field(label):
    return models.PositiveSmallIntegerField(label, choices=SCALE)


class EvaluationAnswer(models.Model):
    """One participant's answers. Deliberately unlinked: see the comment above."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="evaluation_answers", verbose_name=_("dialogue training")
    )
    answered_on = models.DateField(_("answered"))
    # One 1–5 item per recovery domain, each column named by its domain's value.
    working_relationship = _scale_field(RecoveryDomain.WORKING_RELATIONSHIP.label)
    personally_defined_recovery = _scale_field(RecoveryDomain.PERSONALLY_DEFINED_RECOVERY.label)
    organisational_commitment = _scale_field(RecoveryDomain.ORGANISATIONAL_COMMITMENT.label)
    citizenship = _scale_field(RecoveryDomain.CITIZENSHIP.label)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    DOMAINS = tuple(RecoveryDomain.values)

    class Meta:
        db_table = "participants_evaluationanswer"
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    working_relationship__range=(1, 5),
                    personally_defined_recovery__range=(1, 5),
                    organisational_commitment__range=(1, 5),
                    citizenship__range=(1, 5),
                ),
                name="evaluation_answer_scale_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.answered_on}"
