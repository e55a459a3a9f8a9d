import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.i18n import spanish_fill_in
from legislators.models import Bill, ZipDistrict
from petitions import services
from petitions.models import Petition, Signature
from supporters.models import Supporter

SLUG = "keep-call-centers-in-america"
DEMO_DOMAIN = "example.invalid"

# Rough shares of the US population (millions), so demo signers spread like people do.
STATE_WEIGHTS = {
    "CA": 39, "TX": 30, "FL": 22, "NY": 20, "PA": 13, "IL": 12.5, "OH": 11.8, "GA": 11,
    "NC": 10.8, "MI": 10, "NJ": 9.3, "VA": 8.7, "WA": 7.8, "AZ": 7.4, "TN": 7.1, "MA": 7,
    "IN": 6.8, "MO": 6.2, "MD": 6.2, "WI": 5.9, "CO": 5.9, "MN": 5.7, "SC": 5.3, "AL": 5.1,
    "LA": 4.6, "KY": 4.5, "OR": 4.2, "OK": 4, "CT": 3.6, "UT": 3.4, "IA": 3.2, "NV": 3.2,
    "AR": 3, "MS": 2.9, "KS": 2.9, "NM": 2.1, "NE": 2, "ID": 1.9, "WV": 1.8, "HI": 1.4,
    "NH": 1.4, "ME": 1.4, "MT": 1.1, "RI": 1.1, "DE": 1, "SD": 0.9, "ND": 0.8, "AK": 0.7,
    "DC": 0.7, "VT": 0.6, "WY": 0.6,
}  # fmt: skip

TITLE = "Tell Congress: keep call center jobs in America"
SUMMARY = (
    "Pass the Keep Call Centers in America Act: tell callers where the agent is, let them ask "
    "for someone in the United States, and stop rewarding offshoring with federal money."
)
BODY = """\
Every day, millions of us call a bank, a phone company or an airline and reach someone who \
answers for a living. Over the past years, thousands of those jobs in the United States have \
disappeared, not because fewer people call, but because profitable companies moved the work to \
call centers in other countries.

That costs our communities good jobs, and it puts callers at risk: offshore call centers have \
been linked to fraud schemes and to the theft of Americans' personal information.

We ask Congress to pass the Keep Call Centers in America Act, which would:

- require that callers be told where the call center they are speaking to is located;
- let callers ask to be transferred to an agent in the United States;
- make companies that move call center work overseas ineligible for certain federal grants and \
taxpayer-funded loans.

Keeping customer service work here is good for workers, good for callers and good for the \
communities where these jobs used to be. Add your name."""
SHARE = "I signed: Congress should pass the Keep Call Centers in America Act."
THANKS = (
    "Your name is on the petition. Every signature is delivered to Congress by state and district."
)


# The same petition in Spanish, for /es/ (staff write these in the admin).
SPANISH = {
    "title_es": (
        "Dile al Congreso: que los empleos de centros de llamadas se queden en Estados Unidos"
    ),
    "summary_es": (
        "Que aprueben el Keep Call Centers in America Act: que a quien llama le digan dónde está "
        "el agente, que pueda pedir a alguien en Estados Unidos y que el dinero federal deje de "
        "premiar a quien se lleva el trabajo al extranjero."
    ),
    "body_es": """\
Cada día, millones de personas llamamos a un banco, a una compañía de teléfonos o a una \
aerolínea, y nos contesta alguien que vive de atender llamadas. En los últimos años han \
desaparecido miles de esos empleos en Estados Unidos, no porque llame menos gente, sino porque \
empresas con ganancias se llevaron el trabajo a centros de llamadas en otros países.

Eso les cuesta buenos empleos a nuestras comunidades y pone en riesgo a quienes llaman: los \
centros de llamadas en el extranjero se han visto ligados a fraudes y al robo de datos \
personales de personas en Estados Unidos.

Le pedimos al Congreso que apruebe el Keep Call Centers in America Act, que:

- obligaría a decirle a quien llama dónde está el centro de llamadas que le contesta;
- le permitiría pedir que lo pasen a un agente en Estados Unidos;
- dejaría sin ciertas subvenciones federales y sin préstamos pagados por los contribuyentes a \
las empresas que trasladan el trabajo de sus centros de llamadas al extranjero.

Que el servicio al cliente se quede aquí es bueno para los trabajadores, para quienes llaman y \
para las comunidades donde antes estaban estos empleos. Suma tu nombre.""",
    "addressed_to_es": "El Congreso de Estados Unidos",
    "share_text_es": "Firmé: el Congreso debe aprobar el Keep Call Centers in America Act.",
    "thank_you_text_es": (
        "Tu nombre ya está en la petición. Cada firma llega al Congreso ordenada por estado y "
        "distrito."
    ),
}


class Command(BaseCommand):
    help = "Create the demo petition with a few hundred clearly fictional signatures. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--signatures", type=int, default=320)

    def handle(self, *args, **options) -> None:
        """Create the petition if missing, add missing demo signers, rebuild its count."""
        with transaction.atomic():
            petition, created = Petition.objects.get_or_create(
                slug=SLUG,
                defaults={
                    "title": TITLE,
                    "summary": SUMMARY,
                    "body": BODY,
                    "addressed_to": "The United States Congress",
                    "goal": 500,
                    "auto_raise_goal": True,
                    "share_text": SHARE,
                    "thank_you_text": THANKS,
                    "is_featured": True,
                    **SPANISH,
                },
            )
            if not created:
                english = {
                    "title": TITLE,
                    "summary": SUMMARY,
                    "body": BODY,
                    "addressed_to": "The United States Congress",
                    "share_text": SHARE,
                    "thank_you_text": THANKS,
                }
                spanish_fill_in(petition, {**english, **SPANISH})
            bill = Bill.objects.current()
            if petition.bill_id is None and bill is not None:
                petition.bill = bill
                petition.save(update_fields=["bill"])
            added = self._add_signatures(petition, options["signatures"])
            total = services.petition_recount(petition=petition)
            services.petition_raise_goal(petition=petition)
        state = "created" if created else "already there"
        self.stdout.write(f"Demo petition {state}: {added} demo signatures added, {total} counted.")

    def _add_signatures(self, petition: Petition, count: int) -> int:
        rng = random.Random(20261124)  # the same demo every run  # noqa: S311
        zips_by_state: dict[str, list[tuple[str, int, bool]]] = {}
        multi = {zcta for zcta, n in _zip_row_counts().items() if n > 1}
        for zcta, state, district in ZipDistrict.objects.values_list("zcta", "state", "district"):
            zips_by_state.setdefault(state, []).append((zcta, district, zcta in multi))
        states = list(STATE_WEIGHTS)
        weights = list(STATE_WEIGHTS.values())
        now = timezone.now()
        supporters = []
        for n in range(1, count + 1):
            state = rng.choices(states, weights)[0]
            zip_code, district = "", None
            if zips_by_state.get(state):
                zip_code, district, spans = rng.choice(zips_by_state[state])
                if spans:
                    district = None
            supporters.append(
                Supporter(
                    email=f"demo.signer.{n}@{DEMO_DOMAIN}",
                    first_name="Demo",
                    last_name=f"Signer {n}",
                    zip_code=zip_code,
                    state=state,
                    district=district,
                )
            )
        # Thousands of made-up signers on the reserved demo domain: one bulk insert rather
        # than the per-person upsert, which would look up each ZIP again.
        Supporter.objects.bulk_create(supporters, ignore_conflicts=True, batch_size=500)
        ids = dict(
            Supporter.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", "pk")
        )
        existing = set(
            Signature.objects.filter(petition=petition, supporter_id__in=ids.values()).values_list(
                "supporter_id", flat=True
            )
        )
        signatures = []
        for supporter in supporters:
            supporter_id = ids[supporter.email]
            if supporter_id in existing:
                continue
            signed = now - timedelta(minutes=rng.randrange(60, 60 * 24 * 21))
            signatures.append(
                Signature(
                    petition=petition,
                    supporter_id=supporter_id,
                    show_publicly=rng.random() < 0.4,
                    confirmed_at=signed,
                    created_at=signed,
                )
            )
        Signature.objects.bulk_create(signatures, ignore_conflicts=True, batch_size=500)
        return len(signatures)


def _zip_row_counts() -> dict[str, int]:
    from django.db.models import Count

    return dict(
        ZipDistrict.objects.values_list("zcta").annotate(n=Count("pk")).values_list("zcta", "n")
    )
