"""Every Norwegian (bokmål) string the user sees. A translation is one more module with the same names."""

SITE_NAME = "Helse- og KommuneCERT"
SKIP_LINK = "Hopp til hovedinnhold"
MENU = "Meny"
NAV_MAIN = "Hovedmeny"
NAV_HOME = "Forside"
NAV_GUIDE = "Veileder"
NAV_HELP = "Hjelp"
NAV_GROUPS = "Medlemsgrupper"
NAV_PROFILE = "Min profil"
LOGIN = "Logg inn"
LOGOUT = "Logg ut"
FOOTER_CONTACT = "Kontakt:"
STATEMENT_CONTACT_HEADING = "Kontakt oss"
STATEMENT_CONTACT_LEAD = "Spørsmål eller tilbakemeldinger om dette sender du til Helse- og KommuneCERT:"
FOOTER_NAV = "Bunnmeny"
FOOTER_ACCESSIBILITY = "Tilgjengelighet: portalen følger WCAG 2.1 AA."
LOADING = "Laster …"
CONNECTION_LOST = (
    "Forbindelsen til portalen er brutt. Vi kobler til igjen automatisk; det du har skrevet på siden "
    "blir stående. Vent litt før du sender på nytt."
)

# Forside
HOME_TITLE = "Medlemsportalen – Helse- og KommuneCERT"
HOME_HEADING = "Medlemsportalen"
HOME_LEAD = (
    "For ansatte i helse- og kommunesektoren: logg inn for å få tilgang til tjenester, "
    "varsler og medlemsgruppen til virksomheten din."
)
HOME_SHORTCUTS = "Snarveier til tjenester"
HOME_NOTICES = "Driftsmeldinger"
HOME_NO_NOTICES = "Ingen aktive driftsmeldinger."
SHORTCUTS = (
    ("Medlemsgrupper", "Se medlemsgruppene dine og forespørsler om medlemskap.", "/medlemsgrupper"),
    ("Varsler", "Sikkerhetsvarsler og driftsmeldinger til medlemmene.", "/varsler"),
    ("Tjenester", "Tjenestene medlemsgruppene dine gir deg, med innlogging via portalen.", "/tjenester"),
    (
        "Nasjonalt beskyttelsesprogram",
        "Les om programmet for helse- og omsorgssektoren på nhn.no.",
        "https://www.nhn.no/",
    ),
    ("Hjelp", "Kontakt support, vanlige spørsmål og veilederen.", "/hjelp"),
)
HOME_GUIDE_LINK = "Les veilederen: Logg inn i medlemsportalen"

# Veileder
GUIDE_TITLE = "Veileder – Logg inn i medlemsportalen"
GUIDE_HEADING = "Logg inn i medlemsportalen"
GUIDE_LEAD = (
    "Slik logger ansatte i helse- og kommunesektoren seg inn i portalen for å få tilgang til "
    "tjenester fra Helse- og KommuneCERT."
)
GUIDE_SCOPE = (
    "Veiledningen dekker første gangs innlogging, bekreftelse av e-post, medlemskap hos oss "
    "og hvor du får hjelp."
)
GUIDE_STEP = "Steg"

# Hjelp
HELP_TITLE = "Hjelp – Helse- og KommuneCERT"
HELP_HEADING = "Trenger du hjelp?"
HELP_LEAD = "Support-teamet hjelper både med innlogging og medlemskap."
HELP_CONTACT_HEADING = "Kontakt Helse- og KommuneCERT"
HELP_EMAIL_LABEL = "E-post:"
HELP_EMAIL = "post@helsecert.no"
HELP_PHONE_LABEL = "Telefon:"
HELP_PHONE = "24 20 00 00"
HELP_PHONE_TEL = "+4724200000"
HELP_PHONE_NOTE = "(døgnbemannet ved hendelser)"
HELP_CRITICAL = (
    "Ved kritiske hendelser anbefaler vi å ringe slik at vi kan mobilisere raskt og "
    "koordinere videre arbeid."
)
HELP_RESOURCES_HEADING = "Flere ressurser"
HELP_NBP_LINK = "Les mer om Nasjonalt beskyttelsesprogram på nhn.no"
HELP_NBP_URL = "https://www.nhn.no/"
HELP_GUIDE_LINK = "Veileder: Logg inn i medlemsportalen"
HELP_NOTICES = "Hold øye med varsler i portalen for driftsmeldinger."
HELP_FAQ_HEADING = "Vanlige spørsmål"
FAQ = (
    (
        "Hvorfor må jeg bruke ID-porten første gang?",
        "ID-porten gir oss en trygg identifisering av deg. Etterpå kan du aktivere passnøkkel "
        "for raskere innlogging.",
    ),
    (
        "Jeg finner ikke e-posten med engangskoden.",
        "Vent et par minutter og sjekk spam- eller karantenemappen. Finner du den fortsatt ikke, "
        "be om en ny kode fra samme skjerm.",
    ),
    (
        "Kan jeg bruke privat e-post?",
        "Bruk jobb-e-posten din. Det er den som knytter deg til riktig virksomhet; en privat "
        "adresse blir aldri knyttet til en medlemsgruppe.",
    ),
    (
        "Koden er utløpt. Hva gjør jeg?",
        "Koden er gyldig i ti minutter. Trykk «Send ny kode» for å få en ny.",
    ),
    (
        "Jeg finner ikke medlemsgruppen min.",
        "Ta kontakt med support på post@helsecert.no, så hjelper vi deg.",
    ),
)

# 404
NOT_FOUND_TITLE = "Fant ikke siden – Helse- og KommuneCERT"
NOT_FOUND_HEADING = "Vi fant ikke siden"
NOT_FOUND_TEXT = (
    "Siden du prøvde å åpne finnes ikke, eller den er flyttet. Sjekk adressen, eller gå videre "
    "til en av sidene under."
)
NOT_FOUND_HOME = "Gå til forsiden"
NOT_FOUND_HELP = "Få hjelp"

# Innlogging
LOGIN_TITLE = "Velg innloggingsmetode – Helse- og KommuneCERT"
LOGIN_HEADING = "Velg innloggingsmetode"
LOGIN_LEAD = "ID-porten første gang – passnøkkel kan aktiveres senere."
LOGIN_IDPORTEN = "Fortsett med ID-porten"
LOGIN_IDPORTEN_HELP = (
    "Første gang du logger inn ber vi deg bruke ID-porten. Det sikrer at riktig person får "
    "tilgang, og lar deg aktivere passnøkkel etterpå for enklere innlogging. Her kan en bruke fysiske, "
    "enhetsbaserte eller ulike hvelvleverandører."
)
LOGIN_PASSKEY_HELP = (
    "Har du allerede satt opp passnøkkel kan den brukes som alternativ. Passnøkkel krever "
    "enheter som støtter FIDO2/WebAuthn. Ta kontakt med sikkerhetsansvarlig hvis du er usikker på "
    "om virksomheten har det på plass."
)
LOGIN_METHODS_HEADING = "Slik velger du riktig metode"
LOGIN_METHODS = (
    "ID-porten gir oss en trygg identifisering av deg.",
    "Passnøkkel gir rask pålogging etter at den er aktivert.",
    "Begge metodene støttes på PC, mobil og nettbrett.",
    "Ved tekniske problemer er ID-porten alltid tilgjengelig som backup.",
)
LOGIN_PASSKEY_HEADING = "Logg inn med passnøkkel"
LOGIN_PASSKEY_BUTTON = "Logg inn med passnøkkel"
LOGIN_PASSKEY_FIELD = "Velg passnøkkel"
LOGIN_PASSKEY_FIELD_HINT = "Trykk i feltet, så foreslår nettleseren passnøklene dine. Du kan også bruke knappen under."
LOGIN_PASSKEY_FALLBACK = "Fortsett med ID-porten i stedet"
PASSKEY_TICKET_FAILED = "Innloggingen med passnøkkel ble ikke fullført i tide. Prøv igjen, eller fortsett med ID-porten."
PASSKEY_LOGIN_ERRORS = {
    "NotAllowedError": (
        "Innloggingen med passnøkkel ble avbrutt eller ikke bekreftet (for eksempel uten PIN, fingeravtrykk "
        "eller ansikt). Prøv igjen, eller fortsett med ID-porten."
    ),
    "NotSupportedError": "Nettleseren eller enheten din støtter ikke passnøkler. Fortsett med ID-porten.",
    "SecurityError": "Nettleseren godtok ikke portalens adresse for passnøkler. Fortsett med ID-porten, og kontakt support.",
    "AbortError": "Innloggingen med passnøkkel ble avbrutt. Prøv igjen, eller fortsett med ID-porten.",
    "NetworkError": "Vi fikk ikke kontakt med portalen for å fullføre innloggingen. Prøv igjen, eller fortsett med ID-porten.",
    "UnknownError": "Passnøkkelen kunne ikke brukes. Prøv igjen, eller fortsett med ID-porten.",
}

LOGGED_OUT_TITLE = "Du er logget ut – Helse- og KommuneCERT"
LOGGED_OUT_HEADING = "Du er logget ut"
LOGGED_OUT_TEXT = "Du er logget ut av medlemsportalen og ID-porten."
LOGGED_OUT_PORTAL_TEXT = "Du er logget ut av medlemsportalen."
TOASTS_REGION = "Systemmeldinger"
LOGIN_ALREADY = ("Du er allerede logget inn som ", ".")
LOGIN_ALREADY_GO = "Gå til medlemsgruppene dine"
LOGIN_ALREADY_OTHER = "Er det ikke deg, eller vil du bytte bruker? Logg ut først."
LOGIN_AGAIN = "Logg inn igjen"

LOGIN_ERROR_TITLE = "Innloggingen feilet – Helse- og KommuneCERT"
LOGIN_ERROR_HEADING = "Innloggingen ble ikke fullført"
LOGIN_ERROR_REFERENCE = "Referanse til support:"
LOGIN_ERROR_TRY_AGAIN = "Prøv igjen med ID-porten"
LOGIN_ERRORS = {
    "cancelled": "Du avbrøt innloggingen i ID-porten. Du er ikke logget inn.",
    "stale": (
        "Innloggingsforsøket var utløpt eller kom fra et annet vindu. Start innloggingen på nytt."
    ),
    "unreachable": (
        "Vi får ikke kontakt med ID-porten akkurat nå. Vent litt og prøv igjen. Vedvarer "
        "problemet, kontakt support på post@helsecert.no."
    ),
    "rejected": (
        "Svaret fra ID-porten kunne ikke godkjennes, så du er ikke logget inn. Prøv igjen. "
        "Vedvarer problemet, kontakt support."
    ),
    "acr": "Innloggingen hadde for lavt sikkerhetsnivå. Logg inn på nytt med en metode på minst nivå «{level}» ({example}).",
    "idp_error": "ID-porten meldte en feil under innloggingen. Prøv igjen om litt.",
    "passkey": PASSKEY_TICKET_FAILED,
}

# The level ID-porten must reach (IDPORTEN_ACR_VALUES), named as ID-porten names it, with methods that reach it.
ACR_LEVELS = {
    "idporten-loa-substantial": ("betydelig", "for eksempel BankID, Buypass eller MinID med app"),
    "idporten-loa-high": ("høyt", "for eksempel BankID eller Buypass; MinID er ikke nok"),
}

# Registrering
REGISTER_TITLE = "Registrer profilen din – Helse- og KommuneCERT"
REGISTER_HEADING = "Registrer profilen din"
REGISTER_LEAD = "Fyll inn informasjonen som knytter deg til virksomheten."
REGISTER_WHY = (
    "Vi ber kun om informasjon som er nødvendig for å levere tjenester og varslinger. Du kan "
    "oppdatere profilen din når som helst."
)
REGISTER_NAME = "Fullt navn"
REGISTER_NAME_HINT = "Skriv gjerne fullt navn slik at administratorer kjenner deg igjen."
REGISTER_EMAIL = "Jobb-e-post"
REGISTER_EMAIL_HINT = (
    "Bruk jobb-e-posten din for å knytte deg til riktig enhet. Du kan legge til flere e-poster "
    "senere under «Min profil»."
)
REGISTER_SUBMIT = "Send engangskode"
REGISTER_WEBMAIL_WARNING = (
    "Dette ser ut som en privat e-postadresse. Det er jobb-e-posten som knytter deg til "
    "virksomheten din; en privat adresse blir aldri knyttet til en medlemsgruppe. Bruk "
    "jobbadressen hvis du har en. Vil du likevel bruke denne adressen, trykk «Send engangskode» igjen."
)

# Bekreft e-post
CONFIRM_TITLE = "Bekreft e-postadressen din – Helse- og KommuneCERT"
CONFIRM_HEADING = "Bekreft e-postadressen din"
CONFIRM_LEAD = "Skriv inn engangskoden vi sendte til"
CONFIRM_CODE = "Engangskode (6 siffer)"
CONFIRM_SUBMIT = "Bekreft"
CONFIRM_RESEND = "Send ny kode"
CONFIRM_RESEND_WAIT = ("Du kan be om en ny kode om ", " sekunder.")
CONFIRM_VALID_UNTIL = ("Koden er gyldig til kl. ", " (ti minutter).")
CONFIRM_SENT = "Vi har sendt en ny kode. Den forrige koden virker ikke lenger."
CONFIRM_EXPIRED = "Koden du fikk har gått ut (den gjelder i ti minutter). Be om en ny kode med «Send ny kode»."
CONFIRM_TROUBLE_HEADING = "Vanlige feilkilder"
CONFIRM_TROUBLE = (
    "E-posten ligger i spam/karantene-mappen.",
    "Du har brukt privat e-post i stedet for jobb-epost.",
    "Du har skrevet inn koden etter at den utløp.",
)
CONFIRM_NOT_FOUND = (
    "Finner du ikke e-posten? Vent et par minutter, sjekk spam, og be om en ny kode fra samme "
    "skjerm hvis du fortsatt mangler den."
)
CONFIRM_CORRECT_SUMMARY = "Skrev du feil adresse? Rett den her"
CONFIRM_CORRECT_LABEL = "Riktig jobb-e-post"
CONFIRM_CORRECT_HINT = "Vi sletter den feilskrevne adressen og sender en ny kode til adressen du skriver her."
CONFIRM_CORRECT_SUBMIT = "Send kode til denne adressen"
CONFIRM_NOTHING_PENDING = "Du har ingen e-postadresse som venter på bekreftelse."


MAIL_SUBJECT = "Bekreft din e-postadresse"
MAIL_TEXT = """Hei,

Engangskoden din til medlemsportalen til Helse- og KommuneCERT er:

    {code}

Koden er gyldig i ti minutter, til kl. {until}. Skriv den inn på siden «Bekreft e-postadressen din»:
{link}

Var det ikke du som ba om denne koden? Da kan du se bort fra e-posten. Ingen får tilgang uten koden.
Ta gjerne kontakt med oss på post@helsecert.no hvis du er usikker.

Hilsen
Helse- og KommuneCERT
"""

# Min profil
PROFILE_TITLE = "Min profil – Helse- og KommuneCERT"
PROFILE_HEADING = "Min profil"
PROFILE_NAME_HEADING = "Navn"
PROFILE_NAME_SAVE = "Lagre navn"
PROFILE_NAME_SAVED = "Navnet er lagret."
PROFILE_IDENTITY = "Fødselsnummer (skjult)"
PROFILE_EMAILS_HEADING = "E-postadresser"
PROFILE_EMAIL_VERIFIED = "bekreftet"
PROFILE_EMAIL_PENDING = "venter på bekreftelse"
PROFILE_EMAIL_PRIMARY = "primæradresse"
PROFILE_MAKE_PRIMARY = "Gjør til primæradresse"
AND = "og"
PROFILE_REMOVE = "Fjern"
PROFILE_REMOVE_ASK = "Vil du fjerne {address}?"
PROFILE_REMOVE_LEAVES = "Du går da ut av {groups}, fordi det er denne adressen som gir deg medlemskapet."
PROFILE_REMOVE_KEEPS = "Du beholder alle medlemskapene dine."
PROFILE_REMOVE_CONFIRM = "Ja, fjern adressen"
PROFILE_REMOVE_CANCEL = "Avbryt"
PROFILE_CONFIRM_NOW = "Bekreft nå"
PROFILE_ADD_EMAIL = "Legg til e-postadresse"
PROFILE_ADD_SUBMIT = "Legg til og send kode"
PROFILE_ADD_HINT = (
    "Har du jobbadresser i flere virksomheter, legg dem til her for å få samme tilganger. "
    "Vi sender en engangskode til adressen."
)
PROFILE_REMOVED = "Adressen er fjernet."
PROFILE_PRIMARY_SET = "Primæradressen er endret."

# Passnøkler («Min profil»)
PASSKEYS_HEADING = "Passnøkler"
PASSKEYS_LEAD = (
    "En passnøkkel gir rask pålogging uten passord, med fingeravtrykk, ansikt eller PIN på enheten din "
    "eller i passordhvelvet ditt. ID-porten er alltid tilgjengelig som backup."
)
PASSKEYS_NONE = "Du har ingen passnøkler ennå."
PASSKEYS_CREATE = "Opprett passnøkkel"
PASSKEYS_NEEDS_IDPORTEN = (
    "Av sikkerhetshensyn kan du bare opprette en passnøkkel de første ti minuttene etter at du har "
    "logget inn med ID-porten. Logg inn med ID-porten på nytt først."
)
PASSKEYS_LOGIN_AGAIN = "Logg inn med ID-porten på nytt"
PASSKEYS_CREATED = "Passnøkkelen «{name}» er opprettet. Neste gang kan du velge «Logg inn med passnøkkel»."
PASSKEYS_PROVIDER = "Leverandør"
PASSKEYS_UNKNOWN_PROVIDER = "ukjent"
PASSKEYS_CREATED_AT = "Opprettet"
PASSKEYS_LAST_USED = "Sist brukt"
PASSKEYS_NEVER_USED = "aldri"
PASSKEYS_SYNCED = "synkronisert"
PASSKEYS_DEVICE_ONLY = "kun denne enheten"
PASSKEYS_RENAME = "Gi nytt navn"
PASSKEYS_NAME = "Navn på passnøkkelen"
PASSKEYS_SAVE_NAME = "Lagre navnet på passnøkkelen"
PASSKEYS_RENAMED = "Navnet er endret."
PASSKEYS_DELETE = "Slett"
PASSKEYS_CONFIRM_DELETE = "Ja, slett passnøkkelen"
PASSKEYS_DELETE_WARNING = ("Vil du slette «", "»? Den kan ikke lenger brukes til å logge inn. Slett den gjerne også fra enheten eller passordhvelvet.")
PASSKEYS_DELETED = "Passnøkkelen er slettet, og kan ikke lenger brukes til å logge inn."
PASSKEYS_CANCEL = "Avbryt"
PASSKEY_CREATE_ERRORS = {
    "NotAllowedError": "Opprettelsen av passnøkkelen ble avbrutt eller ikke bekreftet. Prøv igjen når du er klar.",
    "InvalidStateError": "Denne enheten eller dette passordhvelvet har allerede en passnøkkel for deg i portalen.",
    "NotSupportedError": "Nettleseren eller enheten din støtter ikke passnøkler. Du kan fortsatt logge inn med ID-porten.",
    "SecurityError": "Nettleseren godtok ikke portalens adresse for passnøkler. Kontakt support.",
    "AbortError": "Opprettelsen av passnøkkelen ble avbrutt.",
    "UnknownError": "Passnøkkelen kunne ikke opprettes. Prøv igjen, eller kontakt support.",
}

# Medlemsgrupper (steg 5)
GROUPS_TITLE = "Medlemsgrupper – Helse- og KommuneCERT"
GROUPS_HEADING = "Medlemsgrupper"
GROUPS_LEAD = "Her ser du medlemsgruppene dine, og alle forespørsler med status."
GROUPS_LINKED = "Adressen {address} er bekreftet, og du er nå medlem av {group}."
GROUPS_OPEN_GROUP = "Åpne medlemsgruppen"
GROUPS_NO_MATCH = (
    "Adressen {address} er bekreftet, men vi fant ingen medlemsgruppe for domenet {domain}. "
    "Søk opp medlemsgruppen din under og send en forespørsel til administratorene."
)
GROUPS_MINE = "Dine medlemsgrupper"
GROUPS_NONE = "Du er ikke medlem av noen medlemsgruppe ennå."
GROUPS_HOW_AUTO = "automatisk via {address}"
GROUPS_HOW_REQUEST = "godkjent forespørsel"
GROUPS_HOW_OPERATOR = "lagt til av Helse- og KommuneCERT"
GROUPS_ADMIN_BADGE = "administrator"
GROUPS_REQUESTS = "Dine forespørsler"
GROUPS_NO_REQUESTS = "Du har ingen forespørsler."
GROUPS_REQUEST_SENT_AT = "Sendt"
GROUPS_REQUEST_DECIDED_AT = "Behandlet"
GROUPS_REQUEST_REASON = "Begrunnelse"
GROUPS_YOUR_MESSAGE = "Din melding"
GROUPS_WITHDRAW = "Trekk forespørselen"
GROUPS_WITHDRAWN = "Forespørselen er trukket."
GROUPS_SEARCH_HEADING = "Søk etter medlemsgruppe"
GROUPS_SEARCH_LABEL = "Navn eller organisasjonsnummer"
GROUPS_SEARCH_HINT = "For eksempel «Tromsø kommune», «tromso» eller «940101808». Små skrivefeil går også. Resultatene kommer mens du skriver."
GROUPS_SEARCH_COUNT = ("Fant ", " medlemsgrupper.")
GROUPS_SEARCH_ONE = "Fant 1 medlemsgruppe."
GROUPS_SEARCH_SHOWING = "Viser de {shown} beste treffene. Skriv mer for å snevre inn."
GROUPS_SEARCH_SIMILAR = "Ingen navn er skrevet akkurat slik. Dette er de som ligner mest på det du skrev:"
GROUPS_SEARCH_NONE = "Ingen medlemsgrupper passer søket. Sjekk stavemåten, eller søk på organisasjonsnummeret."
GROUPS_ORG_NUMBER = "Org.nr."
GROUPS_CHOOSE = "Be om medlemskap"
GROUPS_REQUEST_HEADING = "Send forespørsel til {group}"
GROUPS_REQUEST_MESSAGE = "Melding til administratorene (valgfritt)"
GROUPS_REQUEST_MESSAGE_HINT = "For eksempel hvilken avdeling du jobber i. Høyst 1000 tegn."
GROUPS_REQUEST_SUBMIT = "Send forespørsel"
GROUPS_REQUEST_CANCEL = "Avbryt"
GROUPS_REQUEST_DONE = (
    "Forespørselen er sendt til administratorene av {group}. Du ser status her, og får e-post når den er behandlet."
)
GROUPS_NOT_FOUND_HEADING = "Finner du ikke medlemsgruppen din?"
GROUPS_NOT_FOUND_TEXT = "Ta kontakt med support så hjelper vi deg:"
GROUPS_NEED_ADDRESS = (
    "Du trenger en bekreftet jobbadresse for å be om medlemskap. En privat adresse (som gmail.com eller hotmail.com) "
    "knyttes aldri til en medlemsgruppe. Legg til jobbadressen din under «Min profil», og bekreft den med koden du får på e-post."
)
GROUPS_ADD_WORK_ADDRESS = "Legg til jobbadresse under «Min profil»"
GROUPS_REQUEST_TO_CERT = (
    "Medlemsgruppen har ingen administrator i portalen ennå, så forespørselen går til Helse- og KommuneCERT, som behandler den."
)
GROUPS_REQUEST_DONE_TO_CERT = (
    "{group} har ingen administrator i portalen ennå, så forespørselen er sendt til Helse- og KommuneCERT. "
    "Du ser status her, og får e-post når den er behandlet."
)
ADDRESS_OWN_DOMAIN = "organisasjonens domene"
ADDRESS_OTHER_DOMAIN = "annet domene"
ADDRESS_PRIVATE = "privat adresse"
GROUPS_ALREADY_MEMBER = "Du er medlem"
GROUPS_ALREADY_REQUESTED = "Forespørsel sendt"
REQUEST_STATUS = {"pending": "venter", "approved": "godkjent", "denied": "avslått", "withdrawn": "trukket"}
KIND_NAMES = {
    "kommune": "Kommune",
    "fylkeskommune": "Fylkeskommune",
    "helseforetak": "Helseforetak",
    "regionalt_helseforetak": "Regionalt helseforetak",
    "annen": "Annen virksomhet",
}

# Medlemsgruppe (én gruppe)
GROUP_TITLE = "Medlemsgruppe – Helse- og KommuneCERT"
GROUP_MEMBER_SINCE = "Du er medlem"
GROUP_NOT_MEMBER = "Du er ikke medlem av denne medlemsgruppen. Søk den opp under «Medlemsgrupper» og send en forespørsel."
GROUP_SERVICES_HEADING = "Tjenester"
GROUP_ADMINISTER = "Administrer medlemsgruppen"
GROUP_BACK = "Tilbake til medlemsgrupper"

# Administrasjon (gruppeadministratorer)
ADMIN_TITLE = "Administrer medlemsgruppe – Helse- og KommuneCERT"
ADMIN_HEADING = "Administrer medlemsgruppe"
ADMIN_NAV = "Administrer"
ADMIN_BADGE_WAITING = "forespørsler venter"
ADMIN_CHOOSE_GROUP = "Medlemsgruppe"
ADMIN_SHOW = "Vis"
ADMIN_NO_GROUPS = "Du er ikke administrator for noen medlemsgruppe."
# Why a tab's personal view was taken away, said once, with what to do: the session ended, or the role went.
ACCESS_LOST_LOGGED_OUT = "Du er logget ut, så innholdet her vises ikke lenger. Logg inn på nytt for å fortsette."
ACCESS_LOST_ADMIN = (
    "Du er ikke lenger administrator for denne medlemsgruppen, så forespørslene og medlemmene vises ikke lenger. "
    "Kontakt Helse- og KommuneCERT på post@helsecert.no hvis du mener dette er feil."
)
ACCESS_LOST_OPERATOR = "Du er ikke lenger CERT-operatør, så CERT-drift vises ikke lenger. Kontakt en annen operatør hvis du mener dette er feil."
ACCESS_LOST_NEXT = "Gå til medlemsgruppene dine"
ADMIN_PENDING = "Forespørsler som venter"
ADMIN_PENDING_LIVE = "Listen oppdateres av seg selv når nye forespørsler kommer inn."
ADMIN_NO_PENDING = "Ingen forespørsler venter."
ADMIN_SELECT = "Velg forespørselen fra {name}"
ADMIN_APPROVE = "Godkjenn"
ADMIN_APPROVE_SELECTED = "Godkjenn valgte"
ADMIN_DENY = "Avslå"
ADMIN_DENY_REASON = "Begrunnelse for avslaget (vises for søkeren)"
ADMIN_DENY_CONFIRM = "Avslå forespørselen"
ADMIN_CANCEL = "Avbryt"
ADMIN_ESCALATED = "eskalert til Helse- og KommuneCERT"
ADMIN_APPROVED = "Forespørselen er godkjent, og søkeren har fått e-post."
ADMIN_APPROVED_MANY = "{count} forespørsler er godkjent."
ADMIN_DENIED = "Forespørselen er avslått, og søkeren har fått e-post med begrunnelsen."
ADMIN_MAIL_FAILED = " E-posten til søkeren kunne ikke sendes nå, men svaret vises i portalen."
ADMIN_NOTHING_SELECTED = "Velg minst én forespørsel først."
ADMIN_MEMBERS = "Medlemmer"
ADMIN_NO_MEMBERS = "Gruppen har ingen medlemmer ennå."
ADMIN_MAKE_ADMIN = "Gjør til administrator"
ADMIN_REVOKE_ADMIN = "Fjern administratorrollen"
ADMIN_REMOVE_MEMBER = "Fjern fra gruppen"
ADMIN_CONFIRM_REMOVE = "Bekreft fjerning av {name}"
ADMIN_MEMBER_REMOVED = "Medlemmet er fjernet."
ADMIN_ROLE_CHANGED = "Rollen er endret."
ADMIN_AUDIT = "Logg over beslutninger"
ADMIN_AUDIT_EMPTY = "Ingen hendelser ennå."
ADMIN_AUDIT_WHEN = "Tidspunkt"
ADMIN_AUDIT_WHO = "Utført av"
ADMIN_AUDIT_WHAT = "Hendelse"
ADMIN_AUDIT_SUBJECT = "Gjelder"
ADMIN_AUDIT_WHY = "Detaljer"
ADMIN_MESSAGE = "Melding"
ADMIN_SENT = "Sendt"
ADMIN_ADDRESSES = "Bekreftede adresser"
ADMIN_HOW = "Grunnlag"
SYSTEM_ACTOR = "Portalen"
AUDIT_ACTIONS = {
    "request.created": "Forespørsel sendt",
    "request.approved": "Forespørsel godkjent",
    "request.denied": "Forespørsel avslått",
    "request.withdrawn": "Forespørsel trukket",
    "request.escalated": "Forespørsel eskalert",
    "membership.added": "Medlemskap opprettet",
    "membership.removed": "Medlemskap fjernet",
    "admin.added": "Administrator lagt til",
    "admin.removed": "Administrator fjernet",
    "organisation.created": "Virksomhet opprettet",
    "organisation.updated": "Virksomhet endret",
    "domain.added": "Domene registrert",
    "domain.removed": "Domene fjernet",
    "person.created": "Person opprettet ved første innlogging",
    "person.registered": "Profil registrert",
    "person.renamed": "Navn endret",
    "email.added": "E-postadresse lagt til",
    "email.verified": "E-postadresse bekreftet",
    "email.removed": "E-postadresse fjernet",
    "login.idporten": "Innlogget med ID-porten",
    "login.passkey": "Innlogget med passnøkkel",
    "passkey.created": "Passnøkkel opprettet",
    "passkey.renamed": "Passnøkkel fått nytt navn",
    "passkey.deleted": "Passnøkkel slettet",
    "logout": "Logget ut",
    "logout.frontchannel": "Logget ut fra ID-porten",
    "login.failed": "Mislykket innlogging",
    "action.refused": "Handling avvist (mangler tilgang)",
    "code.locked": "Engangskode sperret etter for mange feil",
    "code.limit": "Grensen for engangskoder nådd",
    "person.alert_mail": "Valg for varsler på e-post endret",
    "alert.drafted": "Varsel opprettet som utkast",
    "alert.updated": "Varsel endret",
    "alert.published": "Varsel publisert",
    "alert.withdrawn": "Varsel trukket tilbake",
    "alert.opened": "Varsel åpnet",
    "alert.acknowledged": "Status for varsel registrert",
    "notice.created": "Driftsmelding opprettet",
    "notice.edited": "Driftsmelding endret",
    "notice.ended": "Driftsmelding avsluttet",
    "client.registered": "Tjeneste registrert for innlogging via portalen",
    "client.consented": "Samtykke gitt til tjeneste",
    "client.denied": "Innlogging til tjeneste avvist (mangler tilgang)",
    "client.tokens_revoked": "Innlogging til tjeneste avsluttet",
    "client.changed": "Registreringen av et baksystem endret",
    "client.secret_renewed": "Ny klienthemmelighet laget for et baksystem",
    "client.closed": "Baksystem stengt for innlogging",
    "client.reopened": "Baksystem åpnet igjen for innlogging",
    "client.consent_withdrawn": "Samtykke til tjeneste trukket tilbake",
    "service.created": "Tjeneste lagt til i tjenestekatalogen",
    "service.changed": "Tjeneste i tjenestekatalogen endret",
    "service.removed": "Tjeneste fjernet fra tjenestekatalogen",
}

# Why an audit entry happened (audit_event.detail_code), with the entry's detail as {arg}.
AUDIT_DETAILS = {
    "auto_domain": "automatisk via domenet {arg}",
    "approved_request": "godkjent forespørsel",
    "domain_removed": "domenet {arg} ble fjernet",
    "appointed_admin": "utnevnt til administrator",
    "address_removed": "adressen ble fjernet",
    "unhandled_days": "ubehandlet i {arg} dager",
    "removed_by_admin": "fjernet av administrator",
    "no_admins": "medlemsgruppen har ingen administrator",
    "client_session_ended": "innloggingen i portalen ble avsluttet",
    "client_code_replayed": "en innloggingskode ble brukt to ganger",
    "client_refresh_reused": "et fornyelsestoken ble brukt to ganger",
    "client_revoked_by_client": "tjenesten trakk tilgangen tilbake",
    "client_no_longer_allowed": "personen har ikke lenger tilgang til tjenesten",
    "client_consent_withdrawn": "personen trakk samtykket tilbake",
    "client_client_closed": "baksystemet ble stengt",
    "client_client_changed": "baksystemet får ikke lenger det samme (registreringen ble endret)",
}

MAIL_DECISION_SUBJECT = "Svar på forespørselen om medlemskap"
MAIL_APPROVED_TEXT = """Hei,

Forespørselen din om medlemskap i {group} er godkjent. Du finner medlemsgruppen under «Medlemsgrupper» i medlemsportalen.

Hilsen
Helse- og KommuneCERT
"""
MAIL_DENIED_TEXT = """Hei,

Forespørselen din om medlemskap i {group} er avslått.

Begrunnelse fra administratoren:
{reason}

Mener du at dette er feil, kan du sende en ny forespørsel med mer informasjon, eller kontakte oss på post@helsecert.no.

Hilsen
Helse- og KommuneCERT
"""

MAIL_TO_CERT_SUBJECT = "Forespørsel om medlemskap i {group} (ingen administrator)"
MAIL_TO_CERT_TEXT = """Hei,

Noen har bedt om medlemskap i {group}, som ikke har noen administrator i medlemsportalen ennå. Forespørselen venter derfor på Helse- og KommuneCERT.

Behandle den under «CERT-drift» i medlemsportalen:
{link}

Hilsen
Medlemsportalen
"""

# CERT-drift (operatører)
OPS_TITLE = "CERT-drift – Helse- og KommuneCERT"
OPS_HEADING = "CERT-drift"
OPS_NAV = "CERT-drift"
OPS_ESCALATED = "Forespørsler til Helse- og KommuneCERT"
OPS_ESCALATED_LEAD = "Forespørsler til medlemsgrupper uten administrator, og forespørsler administratorene ikke har behandlet på tre dager."
OPS_ESCALATED_NONE = "Ingen forespørsler venter på Helse- og KommuneCERT."
OPS_ALL_PENDING = "Alle forespørsler som venter"
OPS_HANDLE = "Behandle i {group}"
OPS_FIND_GROUP = "Finn virksomhet"
OPS_EDIT = "Rediger"
OPS_NEW_GROUP = "Ny virksomhet"
OPS_EDIT_GROUP = "Rediger {group}"
OPS_NAME = "Navn"
OPS_ORG_NUMBER = "Organisasjonsnummer (9 siffer, kan stå tomt)"
OPS_KIND = "Type"
OPS_SAVE = "Lagre"
OPS_CREATE = "Opprett"
OPS_CREATED = "Virksomheten er opprettet."
OPS_SAVED = "Endringene er lagret."
OPS_DOMAINS = "E-postdomener"
OPS_NO_DOMAINS = "Ingen domener er registrert."
OPS_DOMAIN = "Nytt domene (for eksempel tromso.kommune.no)"
OPS_DOMAIN_HINT = "Bare nøyaktig dette domenet kobles, ikke underdomener. Private e-posttjenester kan ikke registreres."
OPS_ADD_DOMAIN = "Registrer domenet"
OPS_DOMAIN_ADDED = "Domenet er registrert. {count} personer med bekreftet adresse i domenet ble koblet til gruppen."
OPS_REMOVE_DOMAIN = "Fjern domenet {domain}"
OPS_CONFIRM_REMOVE_DOMAIN = ("Bekreft: fjern ", " og medlemskapene domenet ga")
OPS_DOMAIN_REMOVED = "Domenet er fjernet, og medlemskapene det alene ga er fjernet."
OPS_ADMINS = "Administratorer"
OPS_NO_ADMINS = "Gruppen har ingen administratorer."
OPS_ADMIN_EMAIL = "Bekreftet e-postadresse til ny administrator"
OPS_ADD_ADMIN = "Legg til administrator"
OPS_ADMIN_ADDED = "Administratoren er lagt til."
OPS_REMOVE_ADMIN = "Fjern administrator {name}"
OPS_AUDIT = "Logg over beslutninger (siste 100)"
OPS_OPEN_DASHBOARD = "Åpne administrasjonen for gruppen"

# Feilmeldinger, per PortalError.code
ERRORS_WHILE_RESEND_WAITS = {  # the same failures while «Send ny kode» is still counting down
    "CodeExpired": "Koden er utløpt (den gjelder i ti minutter). Du kan be om en ny kode når nedtellingen under er ferdig.",
    "CodeUsedUp": "Du har prøvd feil kode for mange ganger, så koden virker ikke lenger. Du kan be om en ny kode når nedtellingen under er ferdig.",
    "NoActiveCode": "Det finnes ingen gyldig kode for denne adressen. Du kan be om en ny kode når nedtellingen under er ferdig.",
}
ERRORS = {
    "error": "Noe gikk galt hos oss. Prøv igjen om litt. Vedvarer feilen, kontakt post@helsecert.no og oppgi referansen {ref}.",
    "NotLoggedIn": "Du er ikke logget inn, eller økten er utløpt. Logg inn på nytt.",
    "NameRequired": "Skriv inn fullt navn.",
    "NameInvalid": "Navnet kan bare inneholde bokstaver, mellomrom, bindestrek, punktum og apostrof (høyst 200 tegn).",
    "EmailInvalid": "E-postadressen ser ikke riktig ut. Skriv den på formen navn@virksomhet.no.",
    "EmailTakenByOther": (
        "Denne adressen er allerede bekreftet av en annen person. Bruk din egen jobbadresse, "
        "eller kontakt support hvis du mener dette er feil."
    ),
    "EmailAlreadyYours": "Du har allerede lagt til denne adressen.",
    "AddressAlreadyConfirmed": "Adressen er allerede bekreftet, så den kan ikke rettes her. Legg til en ny adresse under «Min profil».",
    "CodeFormat": "Koden består av 6 siffer. Skriv inn bare sifrene fra e-posten.",
    "CodeWrong": "Koden stemmer ikke. Sjekk at du bruker koden fra den siste e-posten. Du har {left} forsøk igjen.",
    "CodeExpired": "Koden er utløpt (den gjelder i ti minutter). Trykk «Send ny kode» for å få en ny.",
    "CodeUsedUp": "Du har prøvd feil kode for mange ganger, så koden virker ikke lenger. Trykk «Send ny kode».",
    "NoActiveCode": "Det finnes ingen gyldig kode for denne adressen. Trykk «Send ny kode».",
    "ResendTooSoon": "Vent {seconds} sekunder før du ber om en ny kode.",
    "SendLimitReached": (
        "Du har bedt om mange koder den siste timen. Vent litt før du prøver igjen, eller kontakt "
        "support på post@helsecert.no."
    ),
    "GuessLimitReached": (
        "Det er prøvd feil kode mange ganger den siste timen. Vent en time før du prøver igjen, eller kontakt "
        "support på post@helsecert.no."
    ),
    "MailNotSent": (
        "Vi fikk ikke sendt e-posten akkurat nå. Det du har skrevet er tatt vare på. Prøv igjen "
        "om litt med «Send ny kode»."
    ),
    "LastVerifiedAddress": "Du kan ikke fjerne den siste bekreftede adressen din. Legg til og bekreft en ny først.",
    "EmailNotFound": "Fant ikke adressen. Last siden på nytt.",
    "PrimaryMustBeVerified": "Bare en bekreftet adresse kan være primæradresse.",
    "WebmailNotAcknowledged": REGISTER_WEBMAIL_WARNING,
    "TooManyAddresses": "Du kan ha høyst ti e-postadresser. Fjern en du ikke bruker før du legger til en ny.",
    "TextTooLong": "Teksten er for lang (høyst {max_length} tegn). Kort den ned og prøv igjen.",
    "InvalidClientSetting": "Registreringen kan ikke lagres: {field_label} er ikke gyldig. Rett feltet og lagre på nytt; det du har skrevet er beholdt.",
    "ServiceInvalid": "Tjenesten kan ikke lagres: {field_label} mangler eller er ikke gyldig. Rett feltet og lagre på nytt; det du har skrevet er beholdt.",
    "ConsentNotFound": "Fant ikke samtykket. Det kan være trukket tilbake fra en annen fane. Last siden på nytt for å se listen slik den er nå.",
    "ServiceNotFound": "Fant ikke tjenesten. Den kan være fjernet av en annen operatør. Last siden på nytt.",
    "NotAllowed": "Du har ikke tilgang til å gjøre dette. Kontakt en administrator for medlemsgruppen, eller support hvis du mener det er feil.",
    "GroupNotFound": "Fant ikke medlemsgruppen. Den kan være fjernet. Søk på nytt.",
    "AlreadyMember": "Du er allerede medlem av denne medlemsgruppen.",
    "RequestAlreadyOpen": "Du har allerede en forespørsel som venter hos denne medlemsgruppen. Du ser den under «Dine forespørsler».",
    "RequestNotFound": "Fant ikke forespørselen. Last siden på nytt.",
    "RequestNotPending": "Forespørselen er allerede behandlet eller trukket. Listen er oppdatert.",
    "ReasonRequired": "Skriv en begrunnelse for avslaget. Søkeren får se den.",
    "NoWorkAddress": GROUPS_NEED_ADDRESS,
    "RequesterHasNoWorkAddress": (
        "Personen har ikke lenger en bekreftet jobbadresse, så forespørselen kan ikke godkjennes. "
        "Avslå den med en begrunnelse, eller vent til personen har bekreftet jobbadressen sin."
    ),
    "NotAMember": "Personen er ikke medlem av gruppen. Last siden på nytt.",
    "CannotChangeOwnRole": "Du kan ikke fjerne deg selv eller din egen administratorrolle. Be en annen administrator eller Helse- og KommuneCERT.",
    "OrgNumberInvalid": "Organisasjonsnummeret er ikke gyldig. Det har 9 siffer og et kontrollsiffer; sjekk det i Enhetsregisteret.",
    "OrgNumberTaken": "En annen virksomhet har allerede dette organisasjonsnummeret.",
    "OrgNameInvalid": "Skriv virksomhetens navn (høyst 200 tegn, uten kontrolltegn).",
    "OrgKindInvalid": "Velg en type virksomhet fra listen.",
    "DomainInvalid": "Domenet ser ikke riktig ut. Skriv det med a–z, 0–9 og bindestrek, for eksempel tromso.kommune.no (internasjonale tegn på xn--form).",
    "DomainIsWebmail": "Private e-posttjenester (som gmail.com) kan aldri registreres som domene for en virksomhet.",
    "DomainTaken": "Domenet er allerede registrert på en virksomhet. Et domene kan bare høre til én virksomhet.",
    "DomainNotFound": "Fant ikke domenet. Last siden på nytt.",
    "NeedsFreshIdporten": PASSKEYS_NEEDS_IDPORTEN,
    "ChallengeInvalid": "Forespørselen om passnøkkel var utløpt eller allerede brukt. Prøv igjen.",
    "PasskeyRejected": "Passnøkkelen kunne ikke godkjennes. Prøv igjen, eller fortsett med ID-porten.",
    "UnknownPasskey": (
        "Denne passnøkkelen er ikke (lenger) registrert i portalen, for eksempel fordi den er slettet. "
        "Fortsett med ID-porten, og opprett gjerne en ny passnøkkel under «Min profil»."
    ),
    "UserHandleMismatch": "Passnøkkelen hører ikke til kontoen den ble brukt for. Fortsett med ID-porten.",
    "UserNotVerified": (
        "Enheten bekreftet ikke at det var deg (PIN, fingeravtrykk eller ansikt). Prøv igjen med "
        "bekreftelse, eller fortsett med ID-porten."
    ),
    "TicketInvalid": PASSKEY_TICKET_FAILED,
    "PasskeyAlreadyRegistered": "Denne passnøkkelen er allerede registrert.",
    "PasskeyNotFound": "Fant ikke passnøkkelen. Last siden på nytt.",
    "PasskeyNameInvalid": "Skriv et navn på passnøkkelen (høyst 100 tegn).",
    "TooManyPasskeys": "Du kan ha høyst 20 passnøkler. Slett en du ikke bruker først.",
    "PersonNotFound": "Ingen har bekreftet denne adressen i portalen. Personen må logge inn og bekrefte adressen først.",
    "AlertFieldRequired": "Fyll ut feltet «{field_label}».",
    "AlertTextTooLong": "Feltet «{field_label}» er for langt (høyst {max_length}). Kort det ned og prøv igjen.",
    "CveInvalid": "«{value}» er ikke en gyldig CVE-id. Skriv den på formen CVE-2024-21762, flere skilt med mellomrom eller komma.",
    "LinkInvalid": "Lenken «{value}» godtas ikke. Bruk bare fullstendige https-adresser, én per linje.",
    "CvssInvalid": "CVSS-vektoren er ikke gyldig. Lim inn hele vektoren, for eksempel CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H.",
    "TlpInvalid": "Velg en TLP-merking fra listen.",
    "AudienceInvalid": "Mottakerne passer ikke med TLP-merkingen: TLP:RED går bare til navngitte personer, og navngitte personer bare med TLP:RED. Velg på nytt.",
    "AudienceMissing": "Velg hvem varselet skal til (medlemsgrupper eller navngitte personer) før du publiserer.",
    "AlertNotFound": "Fant ikke varselet, eller du har ikke tilgang til det. Gå tilbake til «Varsler».",
    "AlertNotEditable": "Varselet kan ikke endres slik lenger (det er publisert eller trukket tilbake). Listen er oppdatert.",
    "AckInvalid": "Velg en status fra listen (merknaden kan være høyst 1000 tegn).",
    "CsafUnreadable": "Filen kunne ikke leses som JSON. Velg en CSAF 2.0-fil (.json) på høyst 900 kB.",
    "CsafInvalid": "Filen er ikke et gyldig CSAF 2.0-dokument: {problem} (ved {where}). Rett dokumentet eller be utgiveren om en gyldig fil.",
    "NoticeInvalid": "Driftsmeldingen mangler noe: {field_label}.",
    "NoticeNotFound": "Fant ikke driftsmeldingen. Last siden på nytt.",
    "AlertMailChoiceInvalid": "Velg ett av valgene for varsler på e-post.",
}

# Veilederens seks steg: (tittel, undertittel, avsnitt, punkter, merknad, sideboks-tittel, sideboks-punkter)
GUIDE_STEPS = (
    (
        "Start på medlemsportalen",
        "Gå til helsecert.no og bruk «Logg inn» i toppmenyen.",
        "Åpne medlemsportalen til Helse- og KommuneCERT. Øverst til høyre finner du knappen Logg inn "
        "som tar deg videre til sikre innloggingsmetoder.",
        ("Bruk en moderne nettleser som Chrome, Edge eller Safari.",),
        "Portalen fungerer på både mobil og PC, men større skjermer gir den beste oversikten og vi "
        "anbefaler generelt å bruke større skjermer ved bruk av portalen.",
        "Hva ser du etter?",
        (
            "Forsiden inneholder snarveier til tjenester. Knappen «Logg inn» ligger konsekvent øverst "
            "til høyre – også på mobil via menyen.",
        ),
    ),
    (
        "Velg innloggingsmetode",
        "ID-porten første gang – passnøkkel kan aktiveres senere.",
        "Første gang du logger inn ber vi deg bruke ID-porten. Det sikrer at riktig person får tilgang, "
        "og lar deg aktivere passnøkkel etterpå for enklere innlogging. Her kan en bruke fysiske, "
        "enhetsbaserte eller ulike hvelvleverandører.",
        (
            "Klikk «Fortsett med ID-porten» ved første innlogging.",
            "Har du allerede satt opp passnøkkel kan den brukes som alternativ.",
            "Ved tekniske problemer er ID-porten alltid tilgjengelig som backup.",
        ),
        "Passnøkkel krever enheter som støtter FIDO2/WebAuthn. Ta kontakt med sikkerhetsansvarlig hvis "
        "du er usikker på om virksomheten har det på plass.",
        "Slik velger du riktig metode",
        (
            "ID-porten gir oss en trygg identifisering av deg.",
            "Passnøkkel gir rask pålogging etter at den er aktivert.",
            "Begge metodene støttes på PC, mobil og nettbrett.",
        ),
    ),
    (
        "Registrer profilen din",
        "Fyll inn informasjonen som knytter deg til virksomheten.",
        "Etter første ID-porten-innlogging ønsker vi vite litt mer om deg. Informasjonen brukes for å gi "
        "deg riktig tilganger i medlemsportalen og mot våre andre baksystemer.",
        ("Du kan legge til flere e-poster senere under «Min profil».",),
        "Vi ber kun om informasjon som er nødvendig for å levere tjenester og varslinger. Du kan "
        "oppdatere profilen din når som helst.",
        "Noe å tenke på",
        (
            "Skriv gjerne fullt navn slik at administratorer kjenner deg igjen.",
            "Bruk jobb-eposten din for å knytte deg til riktig enhet. Er du representert med flere "
            "adresser i forskjellige enheter kan du registrere disse senere og få samme tilganger.",
        ),
    ),
    (
        "Bekreft e-postadressen din",
        "Skriv inn engangskoden vi sender til e-posten din.",
        "For å sikre at vi kommuniserer med riktig person sender vi en engangskode til e-posten du "
        "oppgav. Noen ganger havner e-poster fra nye avsendere i spam eller karantene – sjekk der hvis "
        "du ikke finner den.",
        (
            "Åpne e-posten med emne «Bekreft din e-postadresse».",
            "Kopier koden og skriv den inn i portalen.",
            "Koden er gyldig i ti minutter, men du kan be om en ny om nødvendig.",
        ),
        "Finner du ikke e-posten? Vent et par minutter, sjekk spam, og be om en ny kode fra samme "
        "skjerm hvis du fortsatt mangler den.",
        "Vanlige feilkilder",
        (
            "E-posten ligger i spam/karantene-mappen.",
            "Du har brukt privat e-post i stedet for jobb-epost.",
            "Du har skrevet inn koden etter at den utløp.",
        ),
    ),
    (
        "Kom i gang med medlemskapet",
        "Vi forsøker koble deg automatisk - hvis ikke kan du be om tilgang.",
        "Når kontoen er aktiv sjekker vi om jobb-eposten din allerede er knyttet til en virksomhet hos "
        "Helse– og KommuneCERT. Resultatet vises med én gang.",
        (
            "Har du et eksisterende medlemskap åpnes medlemsgruppen din automatisk.",
            "Hvis vi ikke finner deg kan du søke opp medlemsgruppen og sende forespørsel.",
            "Administratorene får varsel i portalen og kan godkjenne deg løpende.",
            "Finner du ikke medlemsgruppen din? Ta kontakt med support så hjelper vi deg.",
        ),
        "Du finner alle forespørsler og status under Medlemsgrupper.",
        "Neste steg",
        (
            "Utforsk medlemsgruppen for tjenester og varslinger.",
            "Oppdater profilen din med eventuelle ekstra e-poster.",
            "Informer kolleger om hvordan de logger inn ved behov.",
        ),
    ),
    (
        "Trenger du hjelp?",
        "Support-teamet hjelper både med innlogging og medlemskap.",
        "Opplever du problemer med innloggingen, sitter fast i registreringen eller finner ikke "
        "virksomheten din? Da kan vi hjelpe.",
        (
            "E-post: post@helsecert.no",
            "Telefon: 24 20 00 00 (døgnbemannet ved hendelser)",
        ),
        "Ved kritiske hendelser anbefaler vi å ringe slik at vi kan mobilisere raskt og koordinere "
        "videre arbeid.",
        "Flere ressurser",
        (
            "Les mer om Nasjonalt beskyttelsesprogram på nhn.no.",
            "Se hjelpesidene våre for vanlige spørsmål.",
            "Hold øye med varsler i portalen for driftsmeldinger.",
        ),
    ),
)


# Varsler (sikkerhetsvarsler med TLP)
ALERTS_TITLE = "Varsler – Helse- og KommuneCERT"
ALERTS_HEADING = "Varsler"
ALERTS_LEAD = (
    "Sikkerhetsvarsler fra Helse- og KommuneCERT. Varsler merket TLP:CLEAR er offentlige. Logger du inn, ser du også "
    "varslene til medlemsgruppene dine."
)
ALERTS_LOGIN_HINT = "Logg inn for å se varslene til medlemsgruppene dine."
ALERTS_FEED_LINK = "Abonner på de offentlige varslene (Atom-strøm)"
ALERTS_FILTERS = "Filtrer varslene"
ALERTS_FILTER_UNREAD = "Bare uleste"
ALERTS_FILTER_SEVERITY = "Alvorlighet"
ALERTS_FILTER_ANY = "Alle"
ALERTS_FILTER_CVE = "CVE-id"
ALERTS_FILTER_TEXT = "Søk i tittel, sammendrag og produkter"
ALERTS_FILTER_SINCE = "Publisert fra og med"
ALERTS_FILTER_APPLY = "Filtrer"
ALERTS_FILTER_CLEAR = "Nullstill filtre"
ALERTS_COUNT = "{count} varsler"
ALERTS_NONE = "Ingen varsler passer med filtrene."
ALERTS_EMPTY = "Det er ingen varsler her ennå."
ALERTS_UNREAD = "Ulest"
ALERTS_UPDATED = "Oppdatert {at}"
ALERTS_PUBLISHED = "Publisert {at}"
ALERTS_WITHDRAWN = "Trukket tilbake"
ALERTS_NAV = "Varsler"
ALERTS_UNREAD_BADGE = "uleste varsler"
ALERT_TITLE = "Varsel – Helse- og KommuneCERT"
ALERT_BACK = "Tilbake til varslene"
ALERT_SEVERITY = "Alvorlighet"
ALERT_CVSS = "CVSS"
ALERT_CVES = "CVE"
ALERT_PRODUCTS = "Berørte produkter"
ALERT_ACTIONS = "Anbefalte tiltak"
ALERT_LINKS = "Referanser"
ALERT_DETAILS = "Beskrivelse"
ALERT_REVISIONS = "Endringer"
ALERT_VERSION = "Versjon"
ALERT_WITHDRAWN_NOTE = "Dette varselet er trukket tilbake. Det er beholdt så du kan lese det du fikk."
ALERT_STRICT_NOTE = "TLP:AMBER+STRICT: Informasjonen kan bare deles innenfor egen virksomhet, ikke med andre."
ALERT_AMBER_NOTE = "TLP:AMBER: Informasjonen kan deles innenfor egen virksomhet og med kunder eller leverandører som trenger den for å beskytte seg."
ALERT_RED_NOTE = "TLP:RED: Bare for deg. Informasjonen kan ikke deles med andre. Åpningen er registrert."
ALERT_GREEN_NOTE = "TLP:GREEN: Kan deles i sektoren, men ikke offentlig."
ALERT_CLEAR_NOTE = "TLP:CLEAR: Offentlig informasjon."
TLP_NOTES = {"CLEAR": ALERT_CLEAR_NOTE, "GREEN": ALERT_GREEN_NOTE, "AMBER": ALERT_AMBER_NOTE, "AMBER+STRICT": ALERT_STRICT_NOTE, "RED": ALERT_RED_NOTE}
ALERT_GONE = "Varselet er ikke lenger tilgjengelig for deg. Gå tilbake til «Varsler»."
ALERT_ACK_HEADING = "Status for medlemsgruppen"
ALERT_ACK_LEAD = "Fortell Helse- og KommuneCERT hvor dere står. Statusen gjelder hele medlemsgruppen og kan endres senere."
ALERT_ACK_STATUS = "Status for {group}"
ALERT_ACK_NOTE = "Merknad (valgfritt)"
ALERT_ACK_SAVE = "Lagre status"
ALERT_ACK_SAVED = "Statusen for {group} er lagret: {status}."
ALERT_ACK_CURRENT = "Nå: {status}"
ALERT_ACK_BY = "satt {at}"
ACK_STATUS = {"mottatt": "Mottatt", "vurderes": "Under vurdering", "ikke_berort": "Ikke berørt", "tiltak_gjort": "Tiltak gjennomført"}
ACK_NONE = "Ikke besvart"
SEVERITY = {"kritisk": "Kritisk", "hoy": "Høy", "middels": "Middels", "lav": "Lav"}
ALERT_STATES = {"draft": "Utkast", "published": "Publisert", "withdrawn": "Trukket tilbake"}
ALERT_FIELDS = {
    "title": "Tittel", "summary": "Sammendrag", "body": "Beskrivelse", "products": "Berørte produkter", "actions": "Anbefalte tiltak",
    "change": "Hva er endret", "severity": "Alvorlighet", "cves": "CVE-id-er", "links": "Referanser",
}
GROUP_ALERTS_HEADING = "Varsler til medlemsgruppen"
GROUP_ALERTS_NONE = "Ingen varsler er sendt til denne medlemsgruppen ennå."

# E-post om varsler (aldri innhold fra TLP:AMBER, AMBER+STRICT eller RED)
ALERT_MAIL_SUBJECT = {
    "alert.new": "Nytt varsel {reference} ({severity}, {tlp})",
    "alert.updated": "Oppdatert varsel {reference} ({severity}, {tlp})",
    "alert.reminder": "Påminnelse: gi status for varsel {reference}",
}
ALERT_MAIL_OPEN = (
    "{title}\n\n{summary}\n\nLes hele varselet i medlemsportalen:\n{link}\n\nMerking: {tlp}.\n\n"
    "Du får denne e-posten fordi du er medlem hos Helse- og KommuneCERT. Velg hvilke varsler du får på e-post under «Min profil».\n"
)
ALERT_MAIL_CLOSED = {
    "alert.new": (
        "Helse- og KommuneCERT har publisert et nytt varsel ({reference}) merket {tlp} til deg eller medlemsgruppen din.\n\n"
        "Innholdet sendes ikke på e-post. Logg inn i medlemsportalen for å lese det:\n{link}\n\n"
        "Velg hvilke varsler du får på e-post under «Min profil».\n"
    ),
    "alert.updated": (
        "Varselet {reference} ({tlp}) er oppdatert.\n\nInnholdet sendes ikke på e-post. Logg inn i medlemsportalen for å se hva som er endret:\n{link}\n\n"
        "Velg hvilke varsler du får på e-post under «Min profil».\n"
    ),
    "alert.reminder": (
        "Helse- og KommuneCERT har ikke fått status fra medlemsgruppen din for varselet {reference} ({tlp}).\n\n"
        "Logg inn og velg status (Mottatt, Under vurdering, Ikke berørt eller Tiltak gjennomført):\n{link}\n"
    ),
}
PROFILE_ALERT_MAIL_HEADING = "Varsler på e-post"
PROFILE_ALERT_MAIL_LEAD = "Alle varsler vises i portalen. Velg hvilke du også vil få beskjed om på e-post (til primæradressen din)."
ALERT_MAIL_CHOICES = (("all", "Alle varsler"), ("critical", "Bare kritiske varsler"), ("none", "Ingen e-post"))
PROFILE_ALERT_MAIL_SAVE = "Lagre valget"
PROFILE_ALERT_MAIL_SAVED = "Valget er lagret: {choice}."

# Driftsmeldinger
NOTICE_LEVELS = {"info": "Informasjon", "warning": "Advarsel", "critical": "Kritisk"}
NOTICE_PERIOD = "{starts} – {ends}"
NOTICE_FROM = "Fra {starts}"
NOTICE_BANNER = "Driftsmelding"
NOTICE_FIELDS = {"title": "tittel (høyst 200 tegn)", "body": "tekst (høyst 2000 tegn)", "level": "nivå", "period": "gyldig start, og slutt etter start", "groups": "gyldige medlemsgrupper"}
CLIENT_FIELDS = {
    "client_id": "klient-ID (bare små og store bokstaver, tall og bindestrek, høyst 64 tegn, og ikke i bruk fra før)",
    "name": "navn (høyst 100 tegn)",
    "auth_method": "klientautentisering (private_key_jwt krever baksystemets offentlige nøkler)",
    "jwks": "offentlige nøkler (JWKS som JSON, med minst én offentlig nøkkel under «keys» og ingen private deler)",
    "redirect_uris": "adresser for svar (minst én og høyst 20; https, eller http på localhost under utvikling; én per linje, høyst 512 tegn hver)",
    "post_logout_redirect_uris": "adresser etter utlogging (høyst 20; https, eller http på localhost; én per linje, høyst 512 tegn hver)",
    "backchannel_logout_uri": "adresse for utlogging i bakkanal (https, eller http på localhost; høyst 512 tegn)",
    "scopes": "opplysninger tjenesten får",
    "audience": "hvem som får bruke den (velg minst én type eller medlemsgruppe)",
}
SERVICE_FIELDS = {
    "name": "navn (høyst 100 tegn)",
    "description": "kort beskrivelse (høyst 500 tegn)",
    "url": "lenke (https, eller http på localhost under utvikling)",
    "client": "baksystem",
    "audience": "hvem som ser den (velg minst én type eller medlemsgruppe)",
}
FIELD_LABELS = {
    "AlertFieldRequired": ALERT_FIELDS, "AlertTextTooLong": ALERT_FIELDS, "NoticeInvalid": NOTICE_FIELDS,
    "InvalidClientSetting": CLIENT_FIELDS, "ServiceInvalid": SERVICE_FIELDS,
}

# CERT-drift › Varsler
DESK_TITLE = "Varsler (CERT-drift) – Helse- og KommuneCERT"
DESK_HEADING = "Varsler"
DESK_NAV = "Varsler (drift)"
DESK_LEAD = "Skriv, importer, publiser, oppdater og trekk tilbake varsler, og følg med på status fra medlemsgruppene."
DESK_NEW = "Skriv nytt varsel"
DESK_IMPORT_HEADING = "Importer CSAF 2.0"
DESK_IMPORT_LABEL = "CSAF 2.0-fil (JSON, høyst 900 kB)"
DESK_IMPORT_HINT = "Dokumentet kontrolleres mot CSAF 2.0 og blir et utkast du kan rette før du publiserer."
DESK_IMPORT = "Importer som utkast"
DESK_CHOOSE_FILE = "Velg en CSAF-fil først (høyst 900 kB)."
DESK_IMPORTED = "CSAF-dokumentet er importert som utkast {reference}. Kontroller feltene og velg mottakere før du publiserer."
DESK_LIST = "Alle varsler"
DESK_NONE = "Ingen varsler ennå."
DESK_COL_REFERENCE = "Referanse"
DESK_COL_TITLE = "Tittel"
DESK_COL_TLP = "TLP"
DESK_COL_STATE = "Status"
DESK_COL_ANSWERS = "Svar fra grupper"
DESK_OPEN = "Åpne"
DESK_EDIT_NEW = "Nytt varsel"
DESK_EDIT = "Varsel"
DESK_CLOSE = "Lukk"
DESK_F_TITLE = "Tittel"
DESK_F_SUMMARY = "Sammendrag"
DESK_F_SUMMARY_HINT = "Kort og uten detaljer: for TLP:CLEAR og TLP:GREEN kan sammendraget sendes på e-post."
DESK_F_BODY = "Beskrivelse (Markdown)"
DESK_F_BODY_HINT = "Overskrifter, lister, lenker og uthevinger. HTML vises som tekst."
DESK_F_SEVERITY = "Alvorlighet"
DESK_F_CVSS = "CVSS-vektor (valgfritt)"
DESK_F_CVSS_HINT = "For eksempel CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H. Poengsummen regnes ut fra vektoren."
DESK_F_CVES = "CVE-id-er"
DESK_F_CVES_HINT = "Skilt med mellomrom eller komma, for eksempel CVE-2024-21762."
DESK_F_PRODUCTS = "Berørte produkter (ett per linje)"
DESK_F_ACTIONS = "Anbefalte tiltak (ett per linje)"
DESK_F_LINKS = "Referanser (https-lenker, én per linje)"
DESK_F_TLP = "TLP-merking"
DESK_F_AUDIENCE = "Mottakere"
DESK_AUDIENCES = (("all", "Alle medlemsgrupper"), ("kind", "Alle grupper av en type"), ("groups", "Valgte medlemsgrupper"), ("persons", "Navngitte personer (bare TLP:RED)"))
DESK_F_KIND = "Type virksomhet (når mottakerne er en type)"
DESK_F_GROUPS = "Valgte medlemsgrupper"
DESK_F_GROUP_SEARCH = "Søk etter medlemsgruppe å legge til"
DESK_ADD_GROUP = "Legg til {name}"
DESK_REMOVE = "Fjern {name}"
DESK_NO_GROUPS = "Ingen grupper valgt."
DESK_F_PERSONS = "Navngitte personer"
DESK_F_ADDRESSES = "Legg til personer med bekreftet e-postadresse (én per linje)"
DESK_NO_PERSONS = "Ingen personer valgt."
DESK_F_CHANGE = "Hva er endret (kreves når et publisert varsel oppdateres; medlemmene ser det)"
DESK_SAVE_DRAFT = "Lagre utkast"
DESK_SAVE_UPDATE = "Lagre oppdatering"
DESK_SAVED = "Varselet {reference} er lagret."
DESK_PUBLISH = "Publiser"
DESK_PUBLISHED = "Varselet {reference} er publisert. E-postene sendes i bakgrunnen."
DESK_WITHDRAW_REASON = "Hvorfor trekkes varselet tilbake?"
DESK_WITHDRAW = "Trekk tilbake"
DESK_WITHDRAWN = "Varselet {reference} er trukket tilbake. De som hadde det, ser det merket som trukket tilbake."
DESK_ACKS = "Status fra medlemsgruppene"
DESK_ACKS_NONE = "Varselet går til navngitte personer (TLP:RED), så ingen medlemsgruppe gir status."
DESK_COL_GROUP = "Medlemsgruppe"
DESK_COL_ACK = "Status"
DESK_COL_BY = "Satt av"
DESK_COL_AT = "Tidspunkt"
DESK_COL_NOTE = "Merknad"
DESK_COL_ACTION = "Handling"
DESK_REMIND = "Send påminnelse"
DESK_REMIND_LABEL = "Send påminnelse til administratorene i {group}"
DESK_REMINDED = "Påminnelsen er sendt til {count} administratorer."
DESK_PREVIEW = "Se varselet slik medlemmene ser det"

# CERT-drift › Driftsmeldinger
NOTICES_TITLE = "Driftsmeldinger (CERT-drift) – Helse- og KommuneCERT"
NOTICES_HEADING = "Driftsmeldinger"
NOTICES_NAV = "Driftsmeldinger"
NOTICES_LEAD = "Meldinger om planlagt vedlikehold og forstyrrelser. Aktive meldinger vises som banner på alle sider for mottakerne."
NOTICES_NEW = "Skriv ny driftsmelding"
NOTICES_LIST = "Alle driftsmeldinger"
NOTICES_NONE = "Ingen driftsmeldinger ennå."
NOTICES_F_TITLE = "Tittel"
NOTICES_F_BODY = "Tekst"
NOTICES_F_LEVEL = "Nivå"
NOTICES_F_STARTS = "Gjelder fra"
NOTICES_F_ENDS = "Gjelder til (tomt: til den avsluttes)"
NOTICES_F_GROUPS = "Mottakere: alle (ingen grupper valgt) eller valgte medlemsgrupper"
NOTICES_EVERYONE = "Alle (vises også på forsiden)"
NOTICE_SAVED = "Driftsmeldingen er lagret."
NOTICE_ENDED = "Driftsmeldingen er avsluttet."
NOTICES_EDIT = "Endre"
NOTICES_END = "Avslutt nå"
NOTICES_END_LABEL = "Avslutt nå: {title}"
NOTICES_EDIT_LABEL = "Endre: {title}"
NOTICES_ACTIVE = "Aktiv"
NOTICES_INACTIVE = "Ikke aktiv"
NOTICES_SAVE = "Lagre driftsmelding"
ALERTS_FEED_TITLE = "Offentlige varsler fra Helse- og KommuneCERT (TLP:CLEAR)"
GROUP_ALL_ALERTS = "Se alle varslene dine"


# ----- Personvernerklæring og tilgjengelighetserklæring (bunnmenyen) -----
NAV_PRIVACY = "Personvernerklæring"
NAV_ACCESSIBILITY = "Tilgjengelighetserklæring"
NAV_HELSECERT = "helsecert.no"
HELSECERT_URL = "https://www.helsecert.no/"
PRIVACY_TITLE = "Personvernerklæring – Helse- og KommuneCERT"
PRIVACY_HEADING = "Personvern i medlemsportalen"  # short words: the h1 must not break inside a word on a phone
PRIVACY_LEAD = (
    "Dette er personvernerklæringen for medlemsportalen. Her står hvilke opplysninger portalen til Helse- og "
    "KommuneCERT behandler om deg, hvorfor, "
    "hvor lenge vi tar vare på dem, og hvilke rettigheter du har."
)
# (overskrift, avsnitt, punkter)
PRIVACY_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Hvorfor vi behandler opplysninger om deg",
     "Portalen gir ansatte i helse- og kommunesektoren tilgang til tjenester og varsler fra Helse- og KommuneCERT "
     "for virksomheten de jobber i. For å gjøre det må vi vite hvem du er, hvilken virksomhet du tilhører og "
     "hvordan vi når deg med varsler. Vi bruker ikke opplysningene til noe annet.", ()),
    ("Hva vi lagrer", "", (
        "Fødselsnummeret fra ID-porten lagrer vi ikke i klartekst: vi lagrer en kryptografisk kode som kjenner deg igjen "
        "neste gang du logger inn, og fødselsdatoen (de seks første sifrene). Fødselsnummeret skrives aldri i logger.",
        "Navnet ditt, slik du skrev det da du registrerte deg, og navnet fra ID-porten.",
        "E-postadressene du legger til, om de er bekreftet, og hvilken av dem varsler sendes til.",
        "Medlemskapene dine, forespørslene du har sendt, og hvem som godkjente eller avslo dem.",
        "Passnøkler: den offentlige nøkkelen og navnet du ga den. Fingeravtrykk, ansikt og PIN forlater aldri enheten din.",
        "En revisjonslogg over hva som er gjort i portalen (for eksempel at en forespørsel ble godkjent), med tidspunkt og hvem som gjorde det.",
    )),
    ("Informasjonskapsler",
     "Portalen bruker én informasjonskapsel, og bare til å holde deg innlogget. Den kan ikke leses av skript på siden, og den "
     "slettes når du logger ut. Vi bruker ingen informasjonskapsler for analyse, statistikk eller markedsføring. "
     "Nettleseren holder i tillegg et teknisk fane-nummer så lenge fanen er åpen.", ()),
    ("Hvor lenge vi tar vare på opplysningene", "", (
        "Engangskoder gjelder i ti minutter og kan brukes én gang.",
        "En innlogging varer til du logger ut, til du har vært inaktiv i 30 minutter, og høyst i 12 timer.",
        "Uavsluttede innloggingsforsøk slettes etter en time.",
        "Profilen, adressene og medlemskapene dine beholdes så lenge du har bruk for portalen. Fjerner du en adresse, slettes den.",
    )),
    ("Hvem som ser opplysningene", "", (
        "Administratorene for en medlemsgruppe du ber om å bli med i, ser navnet ditt og de bekreftede adressene dine.",
        "Driftspersonellet i Helse- og KommuneCERT ser det de trenger for å drifte portalen og hjelpe deg.",
        "Vi deler ikke opplysningene med andre og selger dem ikke. E-post sendes gjennom vår egen e-posttjeneste.",
    )),
    ("Rettighetene dine",
     "Du kan se og rette navnet og adressene dine under «Min profil». Du har rett til innsyn i alt vi har lagret om deg, "
     "til å få feil rettet og til å få opplysninger slettet når vi ikke lenger trenger dem. Kontakt oss på "
     "post@helsecert.no. Mener du at vi behandler opplysningene dine i strid med regelverket, kan du klage til "
     "Datatilsynet.", ()),
)
PRIVACY_DATATILSYNET = "Datatilsynet (datatilsynet.no)"
PRIVACY_DATATILSYNET_URL = "https://www.datatilsynet.no/"

ACCESSIBILITY_TITLE = "Tilgjengelighetserklæring – Helse- og KommuneCERT"
ACCESSIBILITY_HEADING = "Tilgjengelighet i medlemsportalen"
ACCESSIBILITY_LEAD = (
    "Dette er tilgjengelighetserklæringen for medlemsportalen. Portalen skal kunne brukes av alle, også med "
    "skjermleser, forstørrelse eller bare tastatur. Offentlige "
    "virksomheter har plikt til å følge kravene til universell utforming av IKT (WCAG 2.1, nivå AA) og til å "
    "publisere en tilgjengelighetserklæring."
)
ACCESSIBILITY_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Slik tester vi portalen", "Testene kjører ved hver endring av portalen:", (
        "Hver side skannes automatisk med verktøyet axe-core, både på mobil (390 × 844 punkter) og på PC (1366 × 768). "
        "En feil med alvorlighetsgrad «serious» eller «critical» stopper endringen.",
        "Innlogging, registrering, engangskode, forespørsler og godkjenning testes med bare tastatur.",
        "Sider med lange navn (40 tegn) og lange e-postadresser (60 tegn) testes på mobil: ingenting skal kreve sidelengs rulling.",
        "Alle skjemaer har synlige ledetekster, og feilmeldinger leses opp av skjermlesere.",
    )),
    ("Det vi vet ikke er godt nok ennå", "", (
        "Automatiske tester finner bare en del av mulige feil. Portalen er ikke testet systematisk med skjermlesere av "
        "brukere som bruker dem til daglig.",
        "Passnøkler avhenger av nettleseren og enheten din. Innlogging med ID-porten fungerer alltid.",
        "ID-porten er en egen tjeneste fra Digitaliseringsdirektoratet og har sin egen tilgjengelighetserklæring.",
    )),
    ("Gi oss beskjed",
     "Møter du noe i portalen som er vanskelig å bruke, vil vi gjerne vite det. Skriv til post@helsecert.no eller ring "
     "24 20 00 00. Får du ikke svar, eller er du ikke fornøyd med svaret, kan du melde fra til Tilsynet for universell "
     "utforming av ikt.", ()),
)
ACCESSIBILITY_AUTHORITY = "Tilsynet for universell utforming av ikt (uutilsynet.no)"
ACCESSIBILITY_AUTHORITY_URL = "https://www.uutilsynet.no/"


# Innlogging til Helse- og KommuneCERTs andre tjenester (portalen som OpenID-leverandør)
PROVIDER_SITE = "Helse- og KommuneCERT medlemsportal"
PROVIDER_CONSENT_TITLE = "Logg inn i {client}"
PROVIDER_CONSENT_INTRO = "{client} vil logge deg inn med medlemsportalen. Tjenesten får vite dette om deg:"
PROVIDER_SCOPES = {
    "openid": "at det er deg (en fast identifikator som bare gjelder denne tjenesten)",
    "profile": "navnet ditt",
    "email": "den bekreftede hovedadressen din for e-post",
    "memberships": "medlemsgruppene dine med organisasjonsnummer og rolle, og om du er operatør hos Helse- og KommuneCERT",
}
PROVIDER_CONSENT_REMEMBER = (
    "Vi husker valget ditt. Du kan trekke det tilbake under «Min profil» → «Tilkoblede tjenester»; "
    "da må du godta på nytt neste gang du logger inn i tjenesten."
)
PROVIDER_CONSENT_YES = "Godta og fortsett"
PROVIDER_CONSENT_NO = "Avbryt og gå tilbake"
PROVIDER_DENIED_TITLE = "Du har ikke tilgang til {client}"
PROVIDER_DENIED_TEXT = (
    "Tjenesten er åpen for bestemte medlemsgrupper eller roller, og du er ikke med i noen av dem. "
    "Mener du at du skal ha tilgang, be administratoren i medlemsgruppen din om hjelp, "
    "eller kontakt oss på post@helsecert.no eller 24 20 00 00."
)
PROVIDER_DENIED_BACK = "Tilbake til {client}"
PROVIDER_DENIED_PORTAL = "Til medlemsportalen"
PROVIDER_BAD_TITLE = "Innloggingen kunne ikke starte"
PROVIDER_BAD_TEXT = {
    "client": "Tjenesten som sendte deg hit er ikke registrert hos Helse- og KommuneCERT. Gå tilbake og prøv igjen, eller kontakt den som drifter tjenesten.",
    "redirect_uri": "Tjenesten som sendte deg hit ba om å få svaret til en adresse som ikke er registrert. Av sikkerhetshensyn sender vi deg ikke videre. Kontakt den som drifter tjenesten.",
    "expired": "Innloggingen tok for lang tid eller er allerede fullført. Gå tilbake til tjenesten og start innloggingen på nytt.",
}
PROVIDER_LOGOUT_TITLE = "Logg ut av medlemsportalen?"
PROVIDER_LOGOUT_TEXT = "En tjeneste ba om å logge deg ut. Logger du ut, blir du også logget ut av de andre tjenestene du har åpnet via portalen."
PROVIDER_LOGOUT_YES = "Logg ut"
PROVIDER_LOGOUT_NO = "Bli innlogget"

# Hvem en tjeneste eller et baksystem er åpent for (domain/audience.py)
AUDIENCE_NAMES = {
    "members": "Alle medlemmer",
    "kinds": "Medlemmer av grupper av bestemte typer",
    "groups": "Medlemmer av valgte medlemsgrupper",
    "admins": "Bare administratorer av medlemsgrupper",
    "operators": "Bare operatører i Helse- og KommuneCERT",
}
AUDIENCE_KINDS_OF = "Medlemmer av: {kinds}"
AUDIENCE_GROUPS_OF = "Medlemmer av {groups}"
AUTH_METHODS = {
    "client_secret_basic": "Klienthemmelighet (HTTP Basic)",
    "client_secret_post": "Klienthemmelighet (i skjemaet)",
    "private_key_jwt": "Signert påstand (private_key_jwt)",
}
PROVIDER_SCOPE_SHORT = {"openid": "en fast identifikator", "profile": "navn", "email": "e-postadresse", "memberships": "medlemsgrupper og roller"}

# CERT-drift › Tjenester og baksystemer (/drift/tjenester)
BACKENDS_TITLE = "Tjenester og baksystemer (CERT-drift) – Helse- og KommuneCERT"
BACKENDS_HEADING = "Tjenester og baksystemer"
BACKENDS_NAV = "Tjenester"
BACKENDS_LEAD = (
    "Baksystemer logger folk inn via portalen (OpenID Connect). Tjenestekatalogen er det medlemmene ser under «Tjenester» "
    "og på sidene for medlemsgruppene."
)
BACKENDS_CLIENTS = "Baksystemer"
BACKENDS_NO_CLIENTS = "Ingen baksystemer er registrert."
BACKENDS_NEW_CLIENT = "Registrer baksystem"
BACKENDS_EDIT_CLIENT = "Endre baksystemet {name}"
BACKENDS_EDIT = "Endre"
BACKENDS_EDIT_LABEL = "Endre {name}"
BACKENDS_CLOSE = "Steng for innlogging"
BACKENDS_REOPEN = "Åpne igjen"
BACKENDS_CLOSE_LABEL = "Steng for innlogging: {name}"
BACKENDS_REOPEN_LABEL = "Åpne igjen: {name}"
BACKENDS_CLOSED = "stengt"
BACKENDS_CONFIRM_CLOSE_Q = ("Alle som er logget inn i baksystemet, logges ut, og ingen kan logge inn før det åpnes igjen. Steng ", "?")
BACKENDS_CONFIRM_CLOSE = "Ja, steng for innlogging"
BACKENDS_CONFIRM_RENEW_Q = ("Den gjeldende klienthemmeligheten slutter å virke med en gang, og baksystemet kan ikke logge noen inn før det har fått den nye. Lag ny for ", "?")
BACKENDS_CONFIRM_RENEW = "Ja, lag ny klienthemmelighet"
BACKENDS_CONFIRM_REMOVE_Q = ("Medlemmene ser ikke lenger tjenesten under «Tjenester» og på gruppesidene. Fjern ", " fra katalogen?")
BACKENDS_CONFIRM_REMOVE = "Ja, fjern fra katalogen"
BACKENDS_RENEW = "Lag ny klienthemmelighet"
BACKENDS_RENEW_LABEL = "Lag ny klienthemmelighet for {name}"
BACKENDS_CLIENT_ID = "Klient-ID"
BACKENDS_CLIENT_ID_HINT = "Bokstaver, tall og bindestrek. Kan ikke endres senere."
BACKENDS_NAME = "Navn (vises for medlemmene)"
BACKENDS_AUTH = "Klientautentisering"
BACKENDS_REDIRECTS = "Adresser for svar (én per linje)"
BACKENDS_REDIRECTS_HINT = "Sammenlignes tegn for tegn. https, eller http på localhost under utvikling."
BACKENDS_POST_LOGOUT = "Adresser etter utlogging (én per linje, valgfritt)"
BACKENDS_BACKCHANNEL = "Adresse for utlogging i bakkanal (valgfritt)"
BACKENDS_BACKCHANNEL_HINT = "Portalen sender et signert utloggingstoken hit når innloggingen i portalen avsluttes."
BACKENDS_JWKS = "Offentlige nøkler (JWKS), for signert påstand"
BACKENDS_JWKS_HINT = "Lim inn JSON med «keys». Brukes bare med private_key_jwt."
BACKENDS_SCOPES = "Opplysninger tjenesten kan be om"
BACKENDS_SCOPE_LABELS = {"profile": "profile: navn", "email": "email: e-postadresse", "memberships": "memberships: medlemsgrupper og roller"}
BACKENDS_SCOPE_OPENID = "En fast identifikator (alltid med)"
BACKENDS_AUDIENCE = "Hvem får bruke den"
BACKENDS_KINDS = "Typer medlemsgrupper (når «bestemte typer» er valgt)"
BACKENDS_GROUPS = "Valgte medlemsgrupper (når «valgte medlemsgrupper» er valgt)"
BACKENDS_NO_GROUPS = "Ingen medlemsgrupper valgt."
BACKENDS_SAVE = "Lagre"
BACKENDS_REGISTERED = "Baksystemet er registrert."
BACKENDS_SAVED = "Endringene er lagret."
BACKENDS_CLOSED_INFO = "Baksystemet er stengt. Innloggede brukere er logget ut av det."
BACKENDS_REOPENED_INFO = "Baksystemet er åpnet igjen."
BACKENDS_SECRET = ("Klienthemmeligheten for ", ". Den vises bare denne ene gangen; kopier den til baksystemets oppsett nå:")
BACKENDS_REDIRECT_LIST = "Adresser for svar"
BACKENDS_USES_BACKCHANNEL = "utlogging i bakkanal"
BACKENDS_DISCOVERY = "Oppsett for baksystemene (OpenID Connect discovery):"
BACKENDS_SERVICES = "Tjenestekatalogen"
BACKENDS_NO_SERVICES = "Tjenestekatalogen er tom."
BACKENDS_NEW_SERVICE = "Legg til tjeneste"
BACKENDS_EDIT_SERVICE = "Endre tjenesten {name}"
BACKENDS_REMOVE_SERVICE = "Fjern fra katalogen"
BACKENDS_REMOVE_SERVICE_LABEL = "Fjern fra katalogen: {name}"
BACKENDS_SERVICE_NAME = "Navn"
BACKENDS_SERVICE_TEXT = "Kort beskrivelse"
BACKENDS_SERVICE_URL = "Lenke"
BACKENDS_SERVICE_CLIENT = "Logger inn i baksystemet"
BACKENDS_SERVICE_NO_CLIENT = "Ingen (bare en lenke)"
BACKENDS_SERVICE_SEES = "Hvem ser den"
BACKENDS_SERVICE_SAVED = "Tjenesten er lagret."
BACKENDS_SERVICE_REMOVED = "Tjenesten er fjernet fra katalogen."
BACKENDS_OPENS = "logger inn i {client}"

# Tjenester (/tjenester) og tjenestene på gruppesiden
SERVICES_TITLE = "Tjenester – Helse- og KommuneCERT"
SERVICES_HEADING = "Tjenester"
GROUP_ALL_SERVICES = "Alle tjenestene dine"
SERVICES_LEAD = "Tjenestene fra Helse- og KommuneCERT som medlemsgruppene dine gir deg tilgang til."
SERVICES_NONE = "Ingen tjenester er åpne for deg ennå. Tjenestene følger medlemsgruppene dine; se «Medlemsgrupper»."
SERVICES_SSO = "Du logges inn med medlemsportalen."
SERVICES_AT = "på {host}"
GROUP_SERVICES_NONE = "Medlemsgruppen gir ingen tjenester utover varsler og driftsmeldinger."
GROUP_INCIDENTS = "Ved en hendelse: ring 24 20 00 00 (døgnbemannet), eller skriv til post@helsecert.no."

# Min profil › Tilkoblede tjenester
CONNECTED_HEADING = "Tilkoblede tjenester"
CONNECTED_LEAD = "Tjenester du har latt medlemsportalen logge deg inn i, og hva de får vite om deg."
CONNECTED_NONE = "Du har ikke logget inn i andre tjenester med medlemsportalen."
CONNECTED_RECEIVES = "Får: {what}"
CONNECTED_SINCE = "Godtatt {at}"
CONNECTED_WITHDRAW = "Trekk tilbake"
CONNECTED_WITHDRAW_LABEL = "Trekk tilbake samtykket til {name}"
CONNECTED_WITHDRAWN = "Samtykket til {name} er trukket tilbake, og du er logget ut av tjenesten. Neste gang du logger inn der, blir du spurt på nytt."

# Demotjenesten (utvikling): et baksystem som logger inn via portalen
DEMO_SITE = "Demotjeneste for Helse- og KommuneCERT"
DEMO_TITLE = "Demotjeneste"
DEMO_INTRO = "Denne tjenesten logger deg inn med medlemsportalen til Helse- og KommuneCERT og viser hva den får vite om deg."
DEMO_LOGIN = "Logg inn med medlemsportalen"
DEMO_LOGGED_IN = "Du er logget inn i demotjenesten via medlemsportalen."
DEMO_LOGGED_OUT_BY_PORTAL = "Innloggingen din er avsluttet fra medlemsportalen. Logg inn på nytt for å fortsette."
DEMO_NAME = "Navn"
DEMO_EMAIL = "E-post"
DEMO_HOW = "Innlogget med"
DEMO_OPERATOR = "Operatør i Helse- og KommuneCERT"
DEMO_SUB = "Identifikator i denne tjenesten"
DEMO_YES = "Ja"
DEMO_NO = "Nei"
DEMO_MEMBERSHIPS = "Medlemsgrupper"
DEMO_NO_MEMBERSHIPS = "Ingen medlemsgrupper."
DEMO_GROUP = "Medlemsgruppe"
DEMO_ORG_NUMBER = "Org.nr."
DEMO_ROLE = "Rolle"
DEMO_ROLES = {"member": "medlem", "administrator": "administrator"}
DEMO_REFRESH = "Hent opplysningene på nytt"
DEMO_REFRESHED = "Opplysningene er hentet på nytt fra medlemsportalen kl. {at}."
DEMO_LOGOUT = "Logg ut"
DEMO_FAILED = "Innloggingen mislyktes"
DEMO_STATE_MISMATCH = "Svaret fra medlemsportalen hørte ikke til en innlogging som ble startet her. Start innloggingen på nytt."
DEMO_REFUSED = "Medlemsportalen avviste innloggingen ({error}). Start på nytt, eller kontakt Helse- og KommuneCERT om det gjentar seg."
