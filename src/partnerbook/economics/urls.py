from django.urls import path

from . import views

app_name = "economics"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("export/", views.export_portfolio, name="export"),
    path("tco/", views.tco, name="tco"),
    path("settings/", views.settings_page, name="settings"),
    path("supplier/<int:supplier_id>/", views.supplier_tab, name="supplier"),
    path("supplier/<int:supplier_id>/add/<str:what>/", views.add, name="add"),
    path("agreements/<int:agreement_id>/", views.agreement, name="agreement"),
    path("agreements/<int:agreement_id>/edit/", views.edit_agreement, name="edit_agreement"),
    path("agreements/<int:agreement_id>/savings/", views.record_saving, name="saving"),
    path("agreements/<int:agreement_id>/payouts/", views.record_payout, name="payout"),
    path("agreements/<int:agreement_id>/statement/", views.statement, name="statement"),
    path("savings/<int:entry_id>/verify/", views.verify, name="verify"),
]
