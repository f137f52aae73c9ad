"""The four themes (DESIGN §2.1), loaded by migration 0002 and by the tests that flush tables."""

THEMES = [
    (1, "Create contact and establish an alliance", "Skapa kontakt och etablera allians", "Skape kontakt og etablere allianse"),
    (2, "Become collaboration partners", "Bli samarbetspartners", "Bli samarbeidspartnere"),
    (3, "Own recovery work", "Eget arbete med återhämtning", "Eget bedringsarbeid"),
    (4, "Idea workshop", "Idéverkstad", "Idéverksted"),
]


def load_themes(apps, schema_editor):
    Theme = apps.get_model("sessions_app", "Theme")
    for number, en, sv, nb in THEMES:
        Theme.objects.update_or_create(number=number, defaults={"name_en": en, "name_sv": sv, "name_nb": nb})
