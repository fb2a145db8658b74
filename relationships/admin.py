from django.contrib import admin
from django.utils.html import format_html

from .models import (
    Agreement,
    AgreementParty,
    Boundary,
    Country,
    Domain,
    Membership,
    Organisation,
    Source,
)


def map_link(url):
    return format_html('<a href="{}">View on map</a>', url)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "accessed_on"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "region", "is_state", "view_on_map"]
    list_filter = ["is_state", "region"]
    search_fields = ["name", "iso2", "iso3"]
    autocomplete_fields = ["sovereign"]

    @admin.display(description="Map")
    def view_on_map(self, country):
        return map_link(country.get_absolute_url())


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["country", "sources"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "kind", "obligation", "founded_on", "unverified"]
    list_filter = ["kind", "obligation", "unverified"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["sources"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["country", "organisation", "role", "joined_on", "left_on", "unverified"]
    list_filter = ["organisation", "role", "unverified"]
    search_fields = ["country__name", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["country", "organisation", "sources"]


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 2
    autocomplete_fields = ["country"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "status",
        "obligation",
        "signed_on",
        "in_force_on",
        "unverified",
    ]
    list_filter = ["kind", "status", "obligation", "domains", "organisation", "unverified"]
    search_fields = ["title", "short_title", "summary", "parties__country__name"]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"key": ["short_title"]}
    autocomplete_fields = ["organisation", "sources"]
    filter_horizontal = ["domains"]
    inlines = [PartyInline]


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "country"]
    search_fields = ["name", "iso2"]
    exclude = ["geometry"]
    autocomplete_fields = ["country"]
