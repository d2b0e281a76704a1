"""Signing in and out in the browser, open sign-up, invitations and one-time links."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response, status

from quizflow.api.cookies import (
    SESSION_COOKIE,
    check_csrf,
    check_origin,
    clear_session_cookies,
    set_session_cookies,
)
from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep
from quizflow.api.rate_limits import limited, limiter
from quizflow.api.routes import problems
from quizflow.api.schemas.auth import (
    InvitationCreate,
    LinkRead,
    LinkRedeem,
    PasswordResetAccepted,
    PasswordResetRequest,
    SessionRead,
    SignIn,
    SignInOptions,
    SignUp,
)
from quizflow.api.schemas.users import UserRead
from quizflow.services import account_links, credentials, web_sessions
from quizflow.services.users import UserView
from quizflow.settings import Settings

router = APIRouter(prefix="/auth", tags=["signing in"])


def _signed_in(
    request: Request, response: Response, settings: Settings, user: UserView, raw_id: str
) -> SessionRead:
    token = set_session_cookies(request, response, raw_id, settings.web_session_ttl_s)
    return SessionRead(user=UserRead.model_validate(user), csrf_token=token)


@router.get("/options", responses=problems())
async def options(settings: SettingsDep) -> SignInOptions:
    """How one may get in here (for the sign-in page): open sign-up, organisation sign-in."""
    return SignInOptions(
        open_signup=settings.open_signup,
        reset_mail=settings.smtp_url is not None,
        oidc=settings.oidc_enabled,
    )


@router.post("/sign-in", responses=problems(403, 429), dependencies=limited("sign-in"))
def sign_in(
    body: SignIn, request: Request, response: Response, sessions: SessionsDep, settings: SettingsDep
) -> SessionRead:
    """Sign in with email and password: sets the session cookies. Repeated failures lock the
    account for a while (429 with Retry-After)."""
    check_origin(request)  # no signing a visitor into someone else's account from another site
    user, raw_id = credentials.sign_in(
        sessions=sessions,
        email=body.email,
        password=body.password,
        ttl_s=settings.web_session_ttl_s,
    )
    return _signed_in(request, response, settings, user, raw_id)


@router.post("/sign-out", status_code=status.HTTP_204_NO_CONTENT, responses=problems(403))
def sign_out(request: Request, sessions: SessionsDep) -> Response:
    """End this browser's session (the cookies are cleared even when it had already ended)."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    raw_id = request.cookies.get(SESSION_COOKIE)
    if raw_id:
        check_csrf(request, raw_id)
        web_sessions.end_session(sessions=sessions, raw_id=raw_id)
    clear_session_cookies(request, response)
    return response


@router.post(
    "/sign-up",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 409, 429),
    dependencies=limited("sign-up"),
)
def sign_up(
    body: SignUp, request: Request, response: Response, sessions: SessionsDep, settings: SettingsDep
) -> SessionRead:
    """Create a learner account and sign in; only when QUIZFLOW_OPEN_SIGNUP is true (403)."""
    check_origin(request)
    user, raw_id = account_links.sign_up(
        sessions=sessions,
        settings=settings,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
    )
    return _signed_in(request, response, settings, user, raw_id)


@router.post("/redeem", responses=problems(403, 409, 429), dependencies=limited("redeem"))
def redeem(
    body: LinkRedeem,
    request: Request,
    response: Response,
    sessions: SessionsDep,
    settings: SettingsDep,
) -> SessionRead:
    """Use an invitation or reset link: choose a password and sign in."""
    check_origin(request)
    user, raw_id = account_links.redeem(
        sessions=sessions,
        settings=settings,
        token=body.token,
        password=body.password,
        display_name=body.display_name,
    )
    return _signed_in(request, response, settings, user, raw_id)


MAILS_PER_ADDRESS = 3  # reset mails one address receives per hour
_RESET_MAILED = (
    "If an account has this address, a link to choose a new password is on its way: check"
    " your mail (and the spam folder) in a few minutes."
)
_RESET_BY_ADMIN = (
    "This server sends no mail: ask an admin for a reset link (`quizflow users reset-link`)."
)


@router.post(
    "/password-resets",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problems(403, 429),
    dependencies=limited("password-resets"),
)
def request_password_reset(
    body: PasswordResetRequest,
    request: Request,
    background: BackgroundTasks,
    sessions: SessionsDep,
    settings: SettingsDep,
) -> PasswordResetAccepted:
    """Ask for a reset link by mail. The answer is the same whether or not an account has the
    address (no one learns who has an account here); the link is looked up and mailed after
    the answer is sent, so neither does the time it takes."""
    check_origin(request)
    if settings.smtp_url is None:
        return PasswordResetAccepted(detail=_RESET_BY_ADMIN)
    # However many addresses ask, one inbox gets a few mails an hour: nobody can flood it.
    inbox = limiter(request, "reset-mail", limit=MAILS_PER_ADDRESS, window_s=3600)
    if inbox.hit(body.email.strip().lower()) is not None:
        return PasswordResetAccepted(detail=_RESET_MAILED)
    background.add_task(
        account_links.mail_reset_link, sessions=sessions, settings=settings, email=body.email
    )
    return PasswordResetAccepted(detail=_RESET_MAILED)


@router.post("/invitations", status_code=status.HTTP_201_CREATED, responses=problems(403, 409))
def invite(
    body: InvitationCreate, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> LinkRead:
    """Admins: an invitation link for a new author, learner or admin, to pass on."""
    link = account_links.invite(
        sessions=sessions, settings=settings, email=body.email, role=body.role, actor=actor
    )
    return LinkRead.model_validate(link)
