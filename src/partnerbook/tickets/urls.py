from django.urls import path

from . import views

app_name = "tickets"
urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_tickets, name="supplier"),
    path("<int:ticket_id>/", views.ticket, name="ticket"),
    path("<int:ticket_id>/answer", views.answer, name="answer"),
    path("<int:ticket_id>/close", views.close, name="close"),
]
