"""The ground floor: what every app of the portal may use, importing no app (see core/apps.py and
../shared/design.md, "Layout")."""
