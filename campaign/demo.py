"""Demo news, topics, campaign pages and a site banner for `make run`.

Written for this project from public facts about the bill's history. Nothing here
speaks for a real lawmaker: letters are described, never quoted, and contact details
are placeholders.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from campaign.models import NewsPost, NewsStatus, Page, SiteBanner, Topic
from core.i18n import spanish_fill_in

EASTERN = ZoneInfo("America/New_York")


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=EASTERN)


TOPICS = [
    ("the-bill", "The bill", "What the Keep Call Centers in America Act would do."),
    ("congress", "Congress", "Lawmakers, letters and the bill's path through Congress."),
    ("data-security", "Data security", "Why offshore call centers put callers' data at risk."),
    ("jobs", "Jobs", "Call center work and the communities that depend on it."),
]
# The same topics in Spanish, by slug: name and description.
TOPICS_ES = {
    "the-bill": ("El proyecto de ley", "Qué haría el Keep Call Centers in America Act."),
    "congress": (
        "Congreso",
        "Los congresistas, las cartas y el camino del proyecto de ley en el Congreso.",
    ),
    "data-security": (
        "Seguridad de los datos",
        "Por qué los centros de llamadas en el extranjero ponen en riesgo tus datos.",
    ),
    "jobs": (
        "Empleos",
        "El trabajo en centros de llamadas y las comunidades que dependen de él.",
    ),
}

POSTS = [
    {
        "slug": "three-things-the-bill-would-do",
        "title_es": "Tres cosas que haría el proyecto de ley",
        "summary_es": (
            "Decirte dónde está el agente, dejarte pedir a alguien en Estados Unidos y cortar "
            "las subvenciones y los préstamos federales a las empresas que se llevan el trabajo "
            "al extranjero."
        ),
        "body_es": """\
El Keep Call Centers in America Act es corto y sus ideas son sencillas. Hace tres cosas.

## 1. Sabrás dónde está el centro de llamadas

Cuando llamas al servicio al cliente de una empresa y te contestan desde fuera de Estados
Unidos, el agente tendrá que decirte dónde está. Hoy casi nunca tienes forma de saberlo.

## 2. Podrás pedir a alguien en Estados Unidos

Si prefieres hablar con un agente de aquí, podrás pedir que te pasen a un centro de llamadas en
Estados Unidos. Tú decides quién maneja tu cuenta, tus facturas y tus datos personales.

## 3. Nada de dinero público para llevarse los empleos

Una empresa que traslade su trabajo de centro de llamadas al extranjero perdería el acceso a
ciertas subvenciones federales y a préstamos pagados por los contribuyentes. El dinero público
debe sostener empleos en nuestras comunidades, no pagar su salida.

[Lee más sobre el proyecto de ley](/es/about-the-bill/) o usa la casilla del código postal
para escribir a tus congresistas.
""",
        "title": "Three things the bill would do",
        "summary": (
            "Tell callers where the agent is, let them ask for someone in the United States, "
            "and stop federal grants and loans to companies that offshore the work."
        ),
        "topics": ["the-bill"],
        "published_at": _at(2026, 10, 1),
        "featured": True,
        "body": """\
The Keep Call Centers in America Act is short, and its ideas are simple. It does three things.

## 1. You learn where the call center is

When you call a company's customer service line and the call is answered outside the United
States, the agent has to tell you where they are. Today you usually have no way of knowing.

## 2. You can ask for someone in the United States

If you would rather talk to an agent here, you can ask to be transferred to a call center in
the United States. You decide who handles your account, your bills and your personal details.

## 3. No public money for shipping the jobs out

A company that moves its call center work overseas would lose access to certain federal grants
and taxpayer-funded loans. Public money should support jobs in American communities, not pay
for their departure.

[Read more about the bill](/about-the-bill/) or use the ZIP box below to write to your
lawmakers.
""",
    },
    {
        "slug": "a-bipartisan-start-in-2013",
        "title": "Where the bill began: a bipartisan start in 2013",
        "summary": (
            "The idea is not new. Lawmakers from both parties introduced a call center bill in "
            "2013, aimed at ending taxpayer support for companies that send the work offshore."
        ),
        "topics": ["the-bill", "congress"],
        "published_at": _at(2013, 11, 14),
        "body": """\
In November 2013, lawmakers from both parties came together behind a bill that would stop
taxpayer subsidies for corporations that move call center jobs out of the country. It was
the United States Call Center Worker and Consumer Protection Act, and the bill this campaign
supports today carries the same ideas forward.

At the same time, the Communications Workers of America released a report on data security
problems at overseas call centers, where Americans' personal information can end up with far
weaker protection than at home.

The 2013 bill also asked the Department of Labor to publish a list of companies that moved
call center work overseas. It did not pass, but it set out the three ideas that are still at
the heart of the campaign: tell callers where the agent is, let them choose an agent in the
United States, and keep public money away from offshoring.
""",
    },
    {
        "slug": "senators-write-to-the-white-house-2017",
        "title": "2017: senators ask the White House to act on call center jobs",
        "summary": (
            "A group of senators wrote to the new President asking for executive action on "
            "call center jobs and support for legislation like the call center bill."
        ),
        "topics": ["congress", "jobs"],
        "published_at": _at(2017, 1, 27),
        "body": """\
In January 2017 a group of Democratic senators, led by Senator Bob Casey of Pennsylvania,
sent a letter to President Trump about call center jobs. They asked the new administration
to pay attention to service jobs, and call center jobs in particular, not only to factory
work.

The letter asked for two things: executive action to protect call center jobs, and support
for legislation along the lines of the call center bill first introduced in 2013.

The senators also pointed to the risk that offshore call centers pose to consumers' personal
information, an argument this campaign makes too. You can read more in our post about
[data security](/news/why-data-security-matters/).

Letters like this matter because they show that the issue has friends in Congress. Turning
that into a law takes more cosponsors, and that is where your letter comes in.
""",
    },
    {
        "slug": "senators-renew-their-call-2018",
        "title": "2018: cosponsors renew the call, and put data security first",
        "summary": (
            "In May 2018 senators who cosponsored the call center bill wrote again, asking for "
            "an executive order and stressing the threat to consumers' personal data."
        ),
        "topics": ["congress", "data-security"],
        "published_at": _at(2018, 5, 1),
        "body": """\
On May 1, 2018, senators who had signed on as cosponsors of the United States Call Center
Worker and Consumer Protection Act wrote to the President again. The letter was led by
Senator Bob Casey.

This time they asked for an executive order that would keep federal government contracts
away from companies that move call center jobs to other countries. They also asked the
White House to back their bill, which would cut off federal grants and loans to companies
that offshore call center work and require call centers abroad to tell callers where they
are.

The letter put data security in the foreground. It described reports of fraud and theft of
personal information at call centers abroad, and the lack of adequate safeguards there, as
another reason to bring the work back.
""",
    },
    {
        "slug": "why-data-security-matters",
        "title_es": "Por qué la seguridad de tus datos es parte de esta lucha",
        "summary_es": (
            "Cuando una empresa lleva su servicio al cliente al extranjero, los datos de tu "
            "cuenta se van con él. La poca protección en otros países ya les ha costado caro a "
            "muchas personas en Estados Unidos."
        ),
        "body_es": """\
Un agente de un centro de llamadas puede ver mucho sobre ti: tu nombre y tu dirección, tus
números de cuenta y a veces los últimos dígitos de tu número de Seguro Social. Por eso importa
dónde está el centro de llamadas y qué tan bien protege tu información.

En octubre de 2016, el Departamento de Justicia de Estados Unidos acusó a un grupo que operaba
desde centros de llamadas en la India de un gran fraude contra personas en Estados Unidos: más
de 15,000 víctimas conocidas y pérdidas de cientos de millones de dólares. Tiempo después,
varios senadores citaron ese caso al escribir a la Casa Blanca sobre los empleos en centros de
llamadas.

El Keep Call Centers in America Act te da una protección sencilla: te dicen dónde está el
agente y puedes pedir uno en Estados Unidos. Nadie debería tener que entregar sus datos
personales a un centro de llamadas que no eligió.
""",
        "title": "Why data security is part of this fight",
        "summary": (
            "When a company moves customer service offshore, your account details move with "
            "it. Weak safeguards abroad have already cost American callers dearly."
        ),
        "topics": ["data-security", "the-bill"],
        "published_at": _at(2026, 9, 15),
        "body": """\
A call center agent can see a lot about you: your name and address, your account numbers,
sometimes the last digits of your Social Security number. That is why where the call center
is, and how well it protects your information, matters.

In October 2016 the U.S. Department of Justice charged a group operating out of call centers
in India with a large fraud scheme against people in the United States, with more than
15,000 known victims and losses in the hundreds of millions of dollars. Senators later cited
that case when they wrote to the White House about call center jobs.

The Keep Call Centers in America Act gives you a simple protection: you are told where the
agent is, and you can ask for an agent in the United States. Nobody should have to hand
their personal details to a call center they did not choose.
""",
    },
    {
        "slug": "draft-week-of-action-plans",
        "title": "Draft: plans for this year's week of action",
        "summary": "Notes for the next week of action; not ready to publish.",
        "topics": ["jobs"],
        "published_at": _at(2026, 11, 1),
        "status": NewsStatus.DRAFT,
        "body": "An editor's draft. Only staff can read it, through the preview link in the admin.",
    },
]

PAGES = [
    {
        "slug": "about-the-bill",
        "title_es": "Sobre el proyecto de ley",
        "summary_es": "Qué haría el Keep Call Centers in America Act y de dónde viene.",
        "body_es": """\
El **Keep Call Centers in America Act** es la versión actual del United States Call Center
Worker and Consumer Protection Act. Tiene tres partes.

1. **Saber.** Cuando te contestan en un centro de llamadas fuera de Estados Unidos, te dicen
   dónde está el agente.
2. **Elegir.** Puedes pedir que te pasen a un agente en un centro de llamadas en Estados
   Unidos.
3. **Rendir cuentas.** Las empresas que trasladan el trabajo de sus centros de llamadas al
   extranjero pierden el acceso a ciertas subvenciones federales y a préstamos pagados por los
   contribuyentes.

## De dónde viene

Congresistas de los dos partidos lo presentaron por primera vez en 2013. Ha vuelto en
Congresos posteriores: en una sesión anterior llevaba el número H.R. 1300 en la Cámara de
Representantes y S. 515 en el Senado. Los senadores que lo copatrocinaron escribieron a la Casa
Blanca en 2017 y de nuevo en 2018 para pedir medidas del Ejecutivo sobre los empleos en centros
de llamadas, y advirtieron del peligro que corren los datos personales de los consumidores
cuando el trabajo se va al extranjero.

## Qué puedes hacer

Los congresistas escuchan a la gente que representan. Usa la casilla del código postal para
escribir a tus dos senadores y a tu representante, y pídeles que copatrocinen el proyecto de
ley.
""",
        "title": "About the bill",
        "summary": "What the Keep Call Centers in America Act would do, and where it came from.",
        "ordering": 10,
        "show_in_navigation": True,
        "body": """\
The **Keep Call Centers in America Act** is the current version of the United States Call
Center Worker and Consumer Protection Act. It has three parts.

1. **Disclosure.** When your call is answered at a call center outside the United States,
   you are told where the agent is.
2. **Choice.** You can ask to be transferred to an agent at a call center in the United
   States.
3. **Accountability.** Companies that move call center work overseas lose access to certain
   federal grants and taxpayer-funded loans.

## Where it came from

Lawmakers from both parties first introduced the bill in 2013. It has come back in later
Congresses; in an earlier session it was numbered H.R. 1300 in the House and S. 515 in the
Senate. Senators who cosponsored it wrote to the White House in 2017 and again in 2018,
asking for executive action on call center jobs and pointing to the danger that offshoring
poses to consumers' personal data.

## What you can do

Lawmakers listen to the people they represent. Use the ZIP box below to write to your two
senators and your representative and ask them to cosponsor the bill.
""",
    },
    {
        "slug": "save-call-center-jobs",
        "title_es": "Salvemos los empleos en centros de llamadas",
        "summary_es": (
            "Miles de empleos de servicio al cliente se han ido del país. No tiene por qué ser así."
        ),
        "body_es": """\
En los últimos años han desaparecido miles de empleos de servicio al cliente en Estados Unidos.
La gente no ha dejado de necesitar servicio al cliente, y las empresas que se llevan el trabajo
tienen ganancias. Lo que cambió es dónde se hace: cada vez más, en centros de llamadas de países
como México, la India y Filipinas.

Cada uno de esos traslados les quita buenos empleos a pueblos y ciudades que contaban con ellos,
y muchas veces deja los datos personales de quienes llaman fuera del alcance de las protecciones
de Estados Unidos.

El Congreso puede ayudar. El Keep Call Centers in America Act le dice a quien llama dónde está
el agente, le permite pedir a alguien en Estados Unidos y cierra las subvenciones y los
préstamos federales a las empresas que trasladan el trabajo al extranjero. Es de sentido común
y ha tenido apoyo de los dos partidos.

**Escribe hoy a tus congresistas** y pídeles que apoyen a los trabajadores de centros de
llamadas.
""",
        "title": "Save call center jobs",
        "summary": "Thousands of customer service jobs have left the country. They do not have to.",
        "ordering": 20,
        "show_in_navigation": True,
        "body": """\
Over the past years, thousands of customer service jobs in the United States have
disappeared. Demand for customer service has not shrunk, and the companies involved are
profitable. What changed is where the work is done: more and more of it has moved to call
centers in countries such as Mexico, India and the Philippines.

Each of those moves takes good jobs out of towns that counted on them, and it often takes
callers' personal data out of reach of American safeguards.

Congress can help. The Keep Call Centers in America Act tells callers where the agent is,
lets them ask for someone in the United States, and stops federal grants and loans to
companies that offshore the work. It is common sense, and it has had support from both
parties.

**Write to your lawmakers today** and ask them to stand with call center workers.
""",
    },
    {
        "slug": "for-the-media",
        "title": "For the media",
        "summary": "Press contact and background for reporters covering the campaign.",
        "ordering": 90,
        "show_in_navigation": True,
        "body": """\
Reporters and producers are welcome to contact the campaign's press office.

- **Email:** [press@example.org](mailto:press@example.org)
- **Phone:** (202) 555-0100

*These contact details are placeholders for the demo site; replace them in the admin.*

For background on the bill, read [About the bill](/about-the-bill/). Our latest statements
and updates are on the [news page](/news/), which also offers an
[Atom feed](/news/feed/).
""",
    },
]

BANNER = {
    "message": "New: the bill's three provisions, explained in plain words.",
    "link_url": "/news/three-things-the-bill-would-do/",
    "link_text": "Read the explainer",
    # The Spanish the banner shows on /es/ pages (staff write it in the admin).
    "message_es": "Nuevo: las tres partes del proyecto de ley, explicadas en palabras sencillas.",
    "link_text_es": "Leer la explicación",
}


@transaction.atomic
def demo_content_load() -> dict[str, int]:
    """Create the demo topics, news posts, pages and banner that do not exist yet.

    Existing rows (matched by slug, or by message for the banner) are left as editors
    made them, so running this again never overwrites their work. Returns how many rows
    of each kind were created.
    """
    created = {"topics": 0, "posts": 0, "pages": 0, "banners": 0}
    topics = {}
    for slug, name, description in TOPICS:
        name_es, description_es = TOPICS_ES[slug]
        data = {
            "name": name,
            "description": description,
            "name_es": name_es,
            "description_es": description_es,
        }
        topic, made = Topic.objects.get_or_create(slug=slug, defaults=data)
        if not made:
            spanish_fill_in(topic, data)
        topics[slug] = topic
        created["topics"] += made
    for data in POSTS:
        fields = {key: value for key, value in data.items() if key not in {"slug", "topics"}}
        fields.setdefault("status", NewsStatus.PUBLISHED)
        fields.setdefault("byline", "Campaign staff")
        post, made = NewsPost.objects.get_or_create(slug=data["slug"], defaults=fields)
        if made:
            post.topics.set([topics[slug] for slug in data["topics"]])
        else:
            spanish_fill_in(post, data)
        created["posts"] += made
    for data in PAGES:
        fields = {key: value for key, value in data.items() if key != "slug"}
        page, made = Page.objects.get_or_create(slug=data["slug"], defaults=fields)
        if not made:
            spanish_fill_in(page, data)
        created["pages"] += made
    _, made = SiteBanner.objects.get_or_create(
        message=BANNER["message"],
        defaults={**BANNER, "starts_at": _at(2026, 1, 1)},
    )
    created["banners"] += made
    return created
