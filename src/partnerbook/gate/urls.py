from django.urls import path

from . import views

app_name = "gate"
urlpatterns = [
    path("activations/", views.activations, name="activations"),
    path("board/", views.pipeline, name="board"),
    path("checklists.csv", views.export, name="export"),
    path("suppliers/<int:pk>/", views.supplier_playbook, name="supplier"),
    path("suppliers/<int:pk>/tick/<str:key>", views.tick, name="tick"),
    path("suppliers/<int:pk>/untick/<str:key>", views.untick, name="untick"),
    path("suppliers/<int:pk>/baselines", views.measure_baselines, name="baselines"),
    path("suppliers/<int:pk>/activate", views.activate, name="activate"),
]
