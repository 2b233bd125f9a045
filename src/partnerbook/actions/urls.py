from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("", views.my_actions, name="mine"),
    path("export.<str:fmt>", views.export, name="export"),
    path("<int:item_id>/edit", views.edit_item, name="edit"),
    path("<int:item_id>/status", views.change_status, name="status"),
]
