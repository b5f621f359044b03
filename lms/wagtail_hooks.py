from wagtail import hooks

from .admin_views import (
    TerritoryViewSet,
    UnitViewSet,
    audit_menu_item,
    people_import_menu_item,
)


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return [
        UnitViewSet("organisational_units", url_prefix="organisation/units"),
        TerritoryViewSet("territories", url_prefix="organisation/territories"),
    ]


hooks.register("register_settings_menu_item", people_import_menu_item)
hooks.register("register_settings_menu_item", audit_menu_item)
