from wagtail import hooks

from .admin_views import (
    TerritoryViewSet,
    UnitViewSet,
    audit_menu_item,
    people_import_menu_item,
)
from .wagtail_admin import bound_admin_api_offsets, chooser_widgets_tolerate_malformed_ids


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return [
        UnitViewSet("organisational_units", url_prefix="organisation/units"),
        TerritoryViewSet("territories", url_prefix="organisation/territories"),
    ]


hooks.register("register_settings_menu_item", people_import_menu_item)
hooks.register("register_settings_menu_item", audit_menu_item)
# Where Wagtail's admin trusted a request (lms.wagtail_admin): its API after its own hooks.
hooks.register("construct_admin_api", bound_admin_api_offsets, order=1)
chooser_widgets_tolerate_malformed_ids()
