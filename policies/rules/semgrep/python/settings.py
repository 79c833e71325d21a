import os

SECRET_KEY_FROM_ENV = os.environ.get("DJANGO_SECRET_KEY")

# ruleid: python.django-debug-enabled
DEBUG = True
# ok: python.django-debug-enabled
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

# ruleid: python.django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
# ok: python.django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["app.example.com"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "shop",
]
