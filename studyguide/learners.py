"""Who is practising: the learner id kept in the session, for guests and account holders alike.

Reading never creates a learner; the first answer, read mark or quiz does. Logging in (or signing
up) hands the guest's history to the account, through the user_logged_in signal.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from . import actions
from .models import Learner

SESSION_KEY = "learner_id"


def learner_id(request: HttpRequest) -> int | None:
    """The current learner's id, or None if they have not practised yet. No query."""
    value = request.session.get(SESSION_KEY)
    return value if isinstance(value, int) else None


def ensure_learner_id(request: HttpRequest) -> int:
    """The current learner's id, creating a guest learner on first use."""
    value = learner_id(request)
    if value is not None and Learner.objects.filter(pk=value).exists():
        return value
    user = request.user if request.user.is_authenticated else None
    learner = (
        actions.claim_guest_history(user=user, guest_id=None, now=timezone.now())
        if user is not None
        else actions.create_learner(now=timezone.now())
    )
    request.session[SESSION_KEY] = learner.pk
    return learner.pk


@receiver(user_logged_in)
def claim_on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    learner = actions.claim_guest_history(
        user=user, guest_id=learner_id(request), now=timezone.now()
    )
    request.session[SESSION_KEY] = learner.pk
