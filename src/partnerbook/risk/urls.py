from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("", views.concentration, name="concentration"),
    path("category/<int:category_id>/", views.category, name="category"),
    path("backups/", views.backups, name="backups"),
    path("backups/add/", views.add_category_backup, name="add_category_backup"),
    path("backups/<int:backup_id>/", views.change_backup, name="change_backup"),
    path("financial/", views.financial, name="financial"),
    path("power/", views.power, name="power"),
    path("settings/", views.settings_page, name="settings"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("supplier/<int:supplier_id>/", views.supplier_tab, name="supplier"),
    path("supplier/<int:supplier_id>/spend/", views.add_spend, name="add_spend"),
    path("supplier/<int:supplier_id>/backups/", views.add_backup, name="add_backup"),
    path("supplier/<int:supplier_id>/plan/", views.save_plan, name="save_plan"),
    path("supplier/<int:supplier_id>/plan/reviewed/", views.plan_reviewed, name="plan_reviewed"),
    path("supplier/<int:supplier_id>/ratings/", views.add_rating, name="add_rating"),
    path("supplier/<int:supplier_id>/ratings/use/", views.use_rating, name="use_rating"),
    path("supplier/<int:supplier_id>/revenue/", views.set_revenue, name="set_revenue"),
]
