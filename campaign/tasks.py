"""Background work for the campaign app. Tasks take ids and call a service."""

from django.tasks import task

from campaign import services


@task()
def send_event_registration_confirmation(registration_id: int) -> bool:
    return services.event_registration_confirmation_send(registration_id=registration_id)


@task()
def send_list_confirmation(subscription_id: int) -> bool:
    return services.list_confirmation_send(subscription_id=subscription_id)


@task()
def send_list_welcome(subscription_id: int) -> bool:
    return services.list_welcome_send(subscription_id=subscription_id)
