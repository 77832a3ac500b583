"""The site's URLs plus /bench/ok/, a view that does nothing: the ceiling the pages are held to."""

from django.http import HttpResponse
from django.urls import path

from studyguide.urls import urlpatterns as site


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/ok/", ok), *site]
