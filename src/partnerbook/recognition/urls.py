from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("", views.referral_list, name="index"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/export/", views.referral_export, name="referral_export"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/move/", views.referral_move, name="referral_move"),
    path("referrals/<int:referral_id>/prospect/", views.referral_prospect, name="prospect"),
    path("wins/", views.win_list, name="wins"),
    path("wins/export/", views.win_export, name="win_export"),
    path("wins/<int:win_id>/", views.win_detail, name="win"),
    path("wins/<int:win_id>/publish/", views.win_publish, name="publish"),
    path("supplier/<int:supplier_id>/", views.supplier_tab, name="supplier"),
    path("supplier/<int:supplier_id>/wins/", views.record_win, name="record_win"),
    path("supplier/<int:supplier_id>/stories/", views.stories, name="stories"),
    path("ideal-supplier/", views.profile, name="profile"),
    path("ideal-supplier/edit/", views.profile_edit, name="profile_edit"),
    path("ideal-supplier/download/", views.profile_download, name="profile_download"),
]
