import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Self-registered accounts confirm their e-mail address (every account that exists already counts as
    confirmed: the default); wrong second-factor codes are kept with their session and network for the throttle."""

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_confirmation_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmation link sent"),
        ),
        migrations.AddField(
            model_name="user",
            name="email_confirmed",
            field=models.BooleanField(
                default=True,
                help_text="Until the address is confirmed, the account may sign in but not change anything.",
                verbose_name="e-mail address confirmed",
            ),
        ),
        migrations.CreateModel(
            name="SecondFactorFailure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("session", models.CharField(max_length=64)),
                ("network", models.CharField(max_length=64)),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="second_factor_failures", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "wrong second-factor code",
                "verbose_name_plural": "wrong second-factor codes",
                "indexes": [models.Index(fields=["user", "at"], name="accounts_se_user_id_99578b_idx")],
            },
        ),
    ]
