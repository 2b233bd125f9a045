from django.urls import path

from . import portal_views

app_name = "portal_tickets"
urlpatterns = [
    path("", portal_views.tickets, name="list"),
    path("<int:ticket_id>/", portal_views.ticket, name="ticket"),
]
