from django.urls import path

from . import portal_views

app_name = "portal_documents"
urlpatterns = [
    path("", portal_views.documents, name="list"),
    path("requests/<int:request_id>/", portal_views.answer, name="request"),
    path("<int:document_id>/download", portal_views.download, name="download"),
]
