from django.urls import path

from providers import views

app_name = "providers"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("organization/", views.organization, name="organization"),
    path("organization/edit/", views.organization_edit, name="organization_edit"),
    path("organization/members/", views.members, name="members"),
    path("organization/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("organization/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("office/organizations/", views.office_organizations, name="office_organizations"),
    path("office/organizations/<int:pk>/", views.office_organization, name="office_organization"),
    path("office/organizations/<int:pk>/records/", views.office_organization_records,
         name="office_organization_records"),
    # The organization's records, kept between applications.
    path("organization/records/", views.records, name="records"),
    path("organization/records/staff/", views.staff_list, name="staff_list"),
    path("organization/records/staff/new/", views.staff_create, name="staff_create"),
    path("organization/records/staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("organization/records/staff/<int:pk>/delete/", views.staff_delete, name="staff_delete"),
    path("organization/records/staff/<int:pk>/documents/", views.staff_document_upload,
         name="staff_document_upload"),
    path("organization/records/rooms/", views.room_list, name="room_list"),
    path("organization/records/rooms/new/", views.room_create, name="room_create"),
    path("organization/records/rooms/<int:pk>/", views.room_edit, name="room_edit"),
    path("organization/records/rooms/<int:pk>/delete/", views.room_delete, name="room_delete"),
    path("organization/records/rooms/<int:pk>/documents/", views.room_document_upload, name="room_document_upload"),
    path("organization/records/hygiene/", views.hygiene, name="hygiene"),
    path("organization/records/partners/", views.partner_list, name="partner_list"),
    path("organization/records/partners/new/", views.partner_create, name="partner_create"),
    path("organization/records/partners/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("organization/records/partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("organization/records/partners/<int:pk>/documents/", views.partner_document_upload,
         name="partner_document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
]
