from django.http import HttpResponse
from django.utils.html import escape


def hello(request):
    name = request.GET.get("name", "world")
    return HttpResponse("<h1>Hello %s</h1>" % escape(name))
