from django.http import HttpResponse


def hello(request):
    name = request.GET.get("name", "world")
    return HttpResponse("<h1>Hello %s</h1>" % name)
