from django.urls import path

from providers import views

app_name = "providers"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("organization/", views.organization, name="organization"),
    path("organization/edit/", views.organization_edit, name="organization_edit"),
    path("organization/members/", views.members, name="members"),
    path("organization/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("organization/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("office/organizations/", views.office_organizations, name="office_organizations"),
    path("office/organizations/<int:pk>/", views.office_organization, name="office_organization"),
]
