import os

from django.core.wsgi import get_wsgi_application

from dialogkurs.serving import with_stack_room

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogkurs.settings")
# Each request in a frame-stack chunk of its own (dialogkurs/serving.py, issue 13).
application = with_stack_room(get_wsgi_application())
