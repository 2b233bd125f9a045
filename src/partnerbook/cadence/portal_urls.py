from django.urls import path

from . import portal_views

app_name = "portal_cadence"
urlpatterns = [
    path("", portal_views.meetings, name="meetings"),
    path("calendar-link", portal_views.feed_rotate, name="feed_rotate"),
    path("<int:item_id>/next.ics", portal_views.meeting_ics, name="meeting_ics"),
]
