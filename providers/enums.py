from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class OrganizationKind(models.TextChoices):
    JPOA = "jpoa", _("Adult-education organization (JPOA applicant)")
    SECONDARY_SCHOOL = "secondary_school", _("Secondary school")
    PRIMARY_SCHOOL = "primary_school", _("Primary school")

    @classmethod
    def schools(cls) -> tuple[str, ...]:
        return (cls.SECONDARY_SCHOOL, cls.PRIMARY_SCHOOL)


class MembershipRole(models.TextChoices):
    OWNER = "owner", pgettext_lazy("membership", "Owner")
    COLLEAGUE = "colleague", pgettext_lazy("membership", "Colleague")


class InvitationState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")


class StaffRole(models.TextChoices):
    INSTRUCTOR = "instructor", _("Instructor")
    ANDRAGOGUE = "andragogue", _("Andragogue")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    LIBRARIAN = "librarian", _("Librarian")
    RESPONSIBLE_PERSON = "responsible_person", _("Responsible person for adult education")


class Engagement(models.TextChoices):
    FULL_TIME = "employed_full_time", _("Employed full-time")
    PART_TIME = "employed_part_time", _("Employed part-time")
    ENGAGED = "engaged", _("Other contractual engagement")


class AdultEdCompetence(models.TextChoices):
    """How a staff member meets Art. 7.4 / 7.5 (adult-education competences)."""

    ANDRAGOGY_DEGREE = "andragogy_degree", _("Formal education in andragogy")
    PD_PROGRAM = "pd_program", _("Completed professional-development program for adult education")
    ASSOCIATION_CERTIFICATE = "association_certificate", _("Certificate of the association of andragogues")
    IN_TRAINING = "in_training", _("In training")
    NONE = "none", _("None yet")


class RoomKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    SPECIALIZED = "specialized", _("Specialized classroom")
    COMPUTER = "computer", _("Computer classroom")
    INDIVIDUAL_WORK = "individual_work", _("Room for individual work")
    INSTRUCTORS = "instructors", _("Room for instructors")
    MANAGEMENT = "management", _("Room for management and associates")
    ARCHIVE = "archive", _("Records and archive")
    SANITARY_WOMEN = "sanitary_women", _("Sanitary room, women")
    SANITARY_MEN = "sanitary_men", _("Sanitary room, men")
    OTHER = "other", _("Other room")


class Tenure(models.TextChoices):
    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")


class PartnerKind(models.TextChoices):
    JPOA = "jpoa", _("Another JPOA")
    EMPLOYER = "employer", _("Employer")


class DocumentKind(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma or certificate of education")
    COMPETENCE = "competence", _("Evidence of adult-education competence")
    EMPLOYMENT = "employment", _("Employment or engagement contract")
    LEASE = "lease", _("Ownership deed or lease")
    PARTNER_CONTRACT = "partner_contract", _("Contract with a practical-work partner")
    HYGIENE = "hygiene", _("Hygiene-technical evidence")
    OTHER = "other", _("Other evidence")


# Art. 10: the hygiene-technical standards a provider declares and evidences, in the order of the Pravilnik.
HYGIENE_ITEMS = (
    ("lighting", _("Lighting")),
    ("visibility", _("Visibility")),
    ("noise", _("Protection from noise")),
    ("acoustics", _("Acoustics")),
    ("heating_cooling", _("Heating and cooling")),
    ("water", _("Water supply")),
    ("electrical", _("Electrical installations")),
    ("it", _("IT installations")),
    ("fire", _("Fire protection")),
)
