from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("expiring", views.expiring, name="expiring"),
    path("suppliers/<int:pk>/", views.supplier_documents, name="supplier"),
    path("suppliers/<int:pk>/upload", views.upload, name="upload"),
    path("suppliers/<int:pk>/requests/new", views.request_new, name="request_new"),
    path("<int:document_id>/edit", views.edit, name="edit"),
    path("<int:document_id>/download", views.download, name="download"),
    path("<int:document_id>/archive", views.archive, name="archive"),
    path("<int:document_id>/restore", views.restore, name="restore"),
]
