from django.urls import path

from . import views, views_io, views_templates

app_name = "suppliers"
urlpatterns = [
    path("", views.supplier_list, name="list"),
    path("new/", views.supplier_create, name="create"),
    path("import/", views_io.supplier_import, name="import"),
    path(
        "import/templates/<str:kind>.xlsx",
        views_templates.import_template,
        name="import_template",
    ),
    path("import/columns/", views_io.import_columns, name="import-columns"),
    path("export.<str:fmt>", views_io.supplier_export, name="export"),
    path("<int:pk>/", views.supplier_detail, name="detail"),
    path("<int:pk>/<str:tab>/", views.supplier_detail, name="detail_tab"),
    path("<int:pk>/edit", views.supplier_edit, name="edit"),
    path("<int:pk>/status", views.supplier_change_status, name="change_status"),
    path("<int:pk>/archive", views.supplier_archive, name="archive"),
    path("<int:pk>/contacts/new", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_id>/edit", views.contact_edit, name="contact_edit"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new", views.category_form, name="category_create"),
    path("categories/<int:category_id>/edit", views.category_form, name="category_edit"),
]
