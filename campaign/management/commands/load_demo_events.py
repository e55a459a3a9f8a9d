from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction

from campaign.models import Event
from core.i18n import spanish_fill_in

EASTERN = ZoneInfo("America/New_York")

WEEK_OF_ACTION = {
    "slug": "customer-service-week-of-action-2027",
    "title": "Customer Service Week of Action 2027",
    "summary": (
        "October 3 to 9, 2027: locals across the country mark Customer Service Week by asking "
        "Congress to pass the Keep Call Centers in America Act."
    ),
    "description": """\
Every October, Customer Service Week honours the people who answer the phone when the rest of
us need help. This year we are using it to make one demand: **keep call center jobs in
America.**

Companies that earn billions from customers in this country keep moving the work that serves
those customers to call centers overseas. Each move costs a community good union jobs, and it
sends callers' account numbers and personal details to places where they are harder to
protect.

The Keep Call Centers in America Act answers that in three ways:

- callers are told where the call center they reach is located;
- callers can ask to be transferred to an agent in the United States;
- companies that send call center work offshore lose access to certain federal grants and
  taxpayer-backed loans.

## What your local does

1. Register below by September 10 so we can ship your materials box in time.
2. During the week, hold a break-room or lunch-hour action at each worksite: sign the
   petition, take a group photo, and thank the members who keep customers' data safe.
3. Ask members to write to their two senators and their representative from this site.

## What is in the box

Stickers, posters, petition clipboards, sign-up sheets, and a small thank-you for every
customer service member who takes part.
""",
    "starts_at": datetime(2027, 10, 3, 0, 0, tzinfo=EASTERN),
    "ends_at": datetime(2027, 10, 9, 23, 59, tzinfo=EASTERN),
    "is_online": False,
    "location": "Worksites and union halls nationwide",
    "registration_deadline": datetime(2027, 9, 10, 17, 0, tzinfo=EASTERN),
    "capacity": 300,
    "is_published": True,
    "title_es": "Semana de acción del servicio al cliente 2027",
    "summary_es": (
        "Del 3 al 9 de octubre de 2027, locales sindicales de todo el país celebran la Semana del "
        "Servicio al Cliente pidiéndole al Congreso que apruebe el Keep Call Centers in America "
        "Act."
    ),
    "description_es": """\
Cada octubre, la Semana del Servicio al Cliente reconoce a quienes contestan el teléfono cuando
los demás necesitamos ayuda. Este año la usamos para una sola exigencia: **que los empleos de
centros de llamadas se queden en Estados Unidos.**

Empresas que ganan miles de millones con clientes de este país siguen llevándose a centros de
llamadas en el extranjero el trabajo de atender a esos mismos clientes. Cada traslado le cuesta a
una comunidad buenos empleos sindicales y manda los números de cuenta y los datos personales de
quienes llaman a lugares donde es más difícil protegerlos.

El Keep Call Centers in America Act responde de tres maneras:

- a quien llama le dicen dónde está el centro de llamadas que le contesta;
- quien llama puede pedir que lo pasen a un agente en Estados Unidos;
- las empresas que se llevan el trabajo de centros de llamadas al extranjero pierden el acceso
  a ciertas subvenciones federales y a préstamos respaldados por los contribuyentes.

## Qué hace tu local sindical

1. Inscríbete aquí abajo antes del 10 de septiembre para que te enviemos a tiempo la caja de
   materiales.
2. Durante la semana, organiza una acción en la sala de descanso o a la hora del almuerzo en
   cada lugar de trabajo: firmen la petición, tómense una foto de grupo y agradezcan a los
   compañeros que cuidan los datos de los clientes.
3. Pide a los miembros que escriban desde este sitio a sus dos senadores y a su representante.

## Qué trae la caja

Calcomanías, carteles, tablas con hojas para la petición, hojas de inscripción y un pequeño
regalo de agradecimiento para cada miembro de servicio al cliente que participe.
""",
    "location_es": "Lugares de trabajo y salones sindicales de todo el país",
}


class Command(BaseCommand):
    help = "Load the demo week of action. Safe to run again: it never overwrites edits."

    def handle(self, *args, **options) -> None:
        """Create the demo event if it is missing; an existing one is left as editors made it."""
        values = dict(WEEK_OF_ACTION)
        slug = values.pop("slug")
        with transaction.atomic():
            event, created = Event.objects.get_or_create(slug=slug, defaults=values)
            if not created:
                # Made before the demo had Spanish: add it where nobody has edited the event.
                spanish_fill_in(event, values)
        verb = "Created" if created else "Already there, left as it is:"
        self.stdout.write(f"{verb} event {event.title}")
