"""Our side of the supplier's voice: the supplier tab, answers and the export."""

from django.urls import path

from . import supplier_views

app_name = "voice"
urlpatterns = [
    path("supplier/<int:supplier_id>/", supplier_views.supplier_tab, name="supplier"),
    path("supplier/<int:supplier_id>/export/", supplier_views.export, name="export"),
    path("messages/<int:pk>/reply/", supplier_views.reply, name="reply"),
    path("concerns/<str:pk>/acknowledge/", supplier_views.acknowledge, name="acknowledge"),
]
