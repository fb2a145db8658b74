from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import boundaries, views

router = DefaultRouter()
router.register("countries", views.CountryViewSet, basename="country")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("agreements", views.AgreementViewSet, basename="agreement")

urlpatterns = [
    path("boundaries/", boundaries.boundaries, name="boundaries"),
    path("", include(router.urls)),
]
