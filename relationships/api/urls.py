from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from . import boundaries, views

router = DefaultRouter()
router.register("countries", views.CountryViewSet, basename="country")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("sources", views.SourceViewSet, basename="source")
router.register("presences", views.PresenceViewSet, basename="presence")
router.register("exercises", views.ExerciseViewSet, basename="exercise")

urlpatterns = [
    path("boundaries/", boundaries.boundaries, name="boundaries"),
    path("auth/token/", obtain_auth_token, name="auth-token"),
    path("", include(router.urls)),
]
