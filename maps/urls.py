from django.urls import path

from . import records, views

app_name = "maps"
urlpatterns = [
    path("", views.index, name="index"),
    path("about/", views.about, name="about"),
    path("agreements/<slug:key>/", records.agreement_page, name="agreement"),
    path("organisations/<slug:slug>/", records.organisation_page, name="organisation"),
    path("countries/<str:iso2>/", records.country_page, name="country"),
]
