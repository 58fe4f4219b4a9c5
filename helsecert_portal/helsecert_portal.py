"""Composition only: the app, its pages and its plain HTTP routes."""

from __future__ import annotations

import reflex as rx
from starlette.applications import Starlette

from .components.registry import register
from .components.trouble import backend_error, connection_notice, frontend_error
from .core.logs import configure as configure_logs
from .core.security_log import quiet_event_errors
from .lifespan import caller_invalidations, demo_backend, dev_mail_catcher, drain_on_shutdown, garbage_collector, mail_worker, notice_clock, sweeper
from .pages.admin import admin_page
from .pages.alert_desk import alert_desk_page
from .pages.alerts import alert_page, alerts_page
from .pages.backends import backends_page
from .pages.group import group_page
from .pages.groups import groups_page
from .pages.guide import guide
from .pages.help import help_page
from .pages.home import home
from .pages.login import logged_out, login, login_failed
from .pages.not_found import not_found
from .pages.notice_desk import notice_desk_page
from .pages.operator import operator_page
from .pages.profile import profile_page
from .pages.registration import register_page
from .pages.services import services_page
from .pages.statements import accessibility_page, privacy_page
from .pages.verification import confirm_page
from .routes import build_routes
from .routes.headers import security_headers
from .state import live, redis_lock
from .state.admin import AdminState
from .state.alert_desk import AlertDeskState
from .state.alerts import AlertsState, AlertState
from .state.backends import BackendDeskState
from .state.group_page import GroupPageState
from .state.groups import GroupsState
from .state.guard import PersonalDataGuard
from .state.login import LoginState
from .state.notice_desk import NoticeDeskState
from .state.operator import OperatorState
from .state.passkeys import PasskeyLoginState, PasskeyManageState
from .state.profile import ProfileState
from .state.registration import RegisterState
from .state.services import ServicesState
from .state.verification import EmailVerificationState
from .texts import nb

app = rx.App(
    html_lang="nb",
    stylesheets=["/portal.css"],
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"), rx.script(src="/webauthn.js")],
    backend_exception_handler=backend_error,
    frontend_exception_handler=frontend_error,
    api_transformer=[Starlette(routes=build_routes()), security_headers],
    toaster=rx.toast.provider(custom_attrs={"containerAriaLabel": nb.TOASTS_REGION}),  # a Norwegian landmark, not «Notifications»
)
configure_logs()
redis_lock.install()  # a cancelled page load never leaves the tab's Redis lock behind (see state/redis_lock.py)
quiet_event_errors()
app.add_middleware(PersonalDataGuard(), index=0)  # before Reflex's own hydrate handling
live.use_app(app)
app.app_wraps[(5, "Overlay")] = lambda stateful: rx.fragment(connection_notice()) if stateful else None  # Norwegian, not Reflex's toast
app.register_lifespan_task(drain_on_shutdown)  # after Reflex's event processor, so left before it stops
app.register_lifespan_task(garbage_collector)  # the app is built by now: set aside from every collection
app.register_lifespan_task(dev_mail_catcher)
app.register_lifespan_task(demo_backend)
app.register_lifespan_task(sweeper)
app.register_lifespan_task(mail_worker)
app.register_lifespan_task(notice_clock)
app.register_lifespan_task(live.listen)  # every worker delivers announced changes to its own tabs
app.register_lifespan_task(caller_invalidations)  # every worker forgets the cached callers another one changed
register(app, "/", nb.HOME_TITLE, home)
register(app, "/veileder", nb.GUIDE_TITLE, guide)
register(app, "/hjelp", nb.HELP_TITLE, help_page)
register(app, "/personvern", nb.PRIVACY_TITLE, privacy_page)
register(app, "/tilgjengelighet", nb.ACCESSIBILITY_TITLE, accessibility_page)
register(app, "/logg-inn", nb.LOGIN_TITLE, login, on_load=[LoginState.load_login, PasskeyLoginState.load])
register(app, "/innlogging-feilet", nb.LOGIN_ERROR_TITLE, login_failed, on_load=LoginState.load_failure)
register(app, "/utlogget", nb.LOGGED_OUT_TITLE, logged_out, on_load=LoginState.load_logged_out)
register(app, "/registrer", nb.REGISTER_TITLE, register_page, on_load=RegisterState.load_register)
register(app, "/bekreft-epost", nb.CONFIRM_TITLE, confirm_page, on_load=EmailVerificationState.load_confirm)
register(app, "/min-profil", nb.PROFILE_TITLE, profile_page, on_load=[ProfileState.load_profile, PasskeyManageState.load_passkeys])
register(app, "/medlemsgrupper", nb.GROUPS_TITLE, groups_page, on_load=GroupsState.load_groups)
register(app, "/medlemsgruppe", nb.GROUP_TITLE, group_page, on_load=GroupPageState.load_group)
register(app, "/administrer", nb.ADMIN_TITLE, admin_page, on_load=AdminState.load_admin)
register(app, "/drift", nb.OPS_TITLE, operator_page, on_load=OperatorState.load_operator)
register(app, "/varsler", nb.ALERTS_TITLE, alerts_page, on_load=AlertsState.load_alerts)
register(app, "/varsel", nb.ALERT_TITLE, alert_page, on_load=AlertState.load_alert)
register(app, "/drift/varsler", nb.DESK_TITLE, alert_desk_page, on_load=AlertDeskState.load_desk)
register(app, "/drift/driftsmeldinger", nb.NOTICES_TITLE, notice_desk_page, on_load=NoticeDeskState.load_notices)
register(app, "/drift/tjenester", nb.BACKENDS_TITLE, backends_page, on_load=BackendDeskState.load_backends)
register(app, "/tjenester", nb.SERVICES_TITLE, services_page, on_load=ServicesState.load_services)
register(app, "404", nb.NOT_FOUND_TITLE, not_found)
