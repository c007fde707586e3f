"""The UI string catalogue (English, Finnish) and the choice of language for a request."""
from flask import request

LANGUAGES = ("en", "fi")
COOKIE = "hetki_lang"

CATALOGUE = {
    "en": {
        "app.tagline": "Live polls for your event",
        "home.enter_code": "Enter the event code",
        "home.join": "Join",
        "home.code_placeholder": "ABC234",
        "home.organizer": "Organizer sign-in",
        "lang.switch": "Suomeksi",
        "conn.online": "Connected",
        "conn.offline": "Reconnecting…",
        "audience.waiting_title": "You're in!",
        "audience.waiting": "Waiting for the presenter to start a poll…",
        "audience.choose_one": "Tap your answer",
        "audience.choose_many": "Choose up to {n}",
        "audience.submit": "Send my answer",
        "audience.change_hint": "You can change your answer while the poll is open.",
        "audience.voted": "Answer received",
        "audience.sending": "Sending…",
        "audience.retrying": "Connection lost — your answer will be sent when it's back.",
        "audience.closed": "Voting is closed",
        "audience.your_answer": "Your answer",
        "audience.results": "Results",
        "audience.votes": "{n} votes",
        "audience.votes_one": "{n} vote",
        "audience.event_deleted": "This event has ended.",
        "audience.error": "That did not work",
        "presenter.join_at": "Join at",
        "presenter.or_scan": "or scan the code",
        "presenter.code": "Code",
        "presenter.no_poll": "No poll is live",
        "presenter.no_poll_hint": "Press N to open the first poll.",
        "presenter.votes": "votes",
        "presenter.votes_one": "vote",
        "presenter.no_polls": "No polls yet",
        "presenter.open": "Open",
        "presenter.close": "Close",
        "presenter.reveal": "Show results on phones",
        "presenter.hide": "Hide results on phones",
        "presenter.fullscreen": "Full screen",
        "presenter.shortcuts": "N next · P previous · O open · C close · R reveal · Q QR · F full screen",
        "presenter.state.draft": "Not opened yet",
        "presenter.state.open": "Voting open",
        "presenter.state.closed": "Voting closed",
        "presenter.revealed": "Results visible on phones",
        "presenter.link_revoked": "This presenter link was revoked.",
        "presenter.polls": "Polls",
        "organizer.sign_in": "Sign in",
        "organizer.sign_out": "Sign out",
        "organizer.email": "Email",
        "organizer.password": "Password",
        "organizer.bad_login": "Wrong email or password.",
        "organizer.events": "Your events",
        "organizer.new_event": "New event",
        "organizer.title": "Title",
        "organizer.create": "Create",
        "organizer.no_events": "No events yet. Create your first one above.",
        "organizer.present": "Open presenter screen",
        "organizer.join_link": "Join link",
        "organizer.delete": "Delete event",
        "organizer.delete_confirm": "Delete this event with every vote, question and video?",
        "organizer.new_poll": "New poll",
        "organizer.question": "Question",
        "organizer.type": "Type",
        "organizer.type.single": "Single choice",
        "organizer.type.multiple": "Multiple choice",
        "organizer.options": "Options, one per line",
        "organizer.max_choices": "At most this many choices",
        "organizer.add_poll": "Add poll",
        "organizer.polls": "Polls",
        "organizer.no_polls": "No polls yet.",
        "error.title": "Something is not right",
        "error.home": "Back to start",
    },
    "fi": {
        "app.tagline": "Live-kyselyt tapahtumaasi",
        "home.enter_code": "Syötä tapahtuman koodi",
        "home.join": "Liity",
        "home.code_placeholder": "ABC234",
        "home.organizer": "Järjestäjän kirjautuminen",
        "lang.switch": "In English",
        "conn.online": "Yhdistetty",
        "conn.offline": "Yhdistetään uudelleen…",
        "audience.waiting_title": "Olet mukana!",
        "audience.waiting": "Odotetaan, että esittäjä avaa kyselyn…",
        "audience.choose_one": "Napauta vastaustasi",
        "audience.choose_many": "Valitse enintään {n}",
        "audience.submit": "Lähetä vastaukseni",
        "audience.change_hint": "Voit muuttaa vastaustasi niin kauan kuin kysely on auki.",
        "audience.voted": "Vastaus vastaanotettu",
        "audience.sending": "Lähetetään…",
        "audience.retrying": "Yhteys katkesi — vastauksesi lähetetään, kun yhteys palaa.",
        "audience.closed": "Äänestys on päättynyt",
        "audience.your_answer": "Vastauksesi",
        "audience.results": "Tulokset",
        "audience.votes": "{n} ääntä",
        "audience.votes_one": "{n} ääni",
        "audience.event_deleted": "Tämä tapahtuma on päättynyt.",
        "audience.error": "Se ei onnistunut",
        "presenter.join_at": "Liity osoitteessa",
        "presenter.or_scan": "tai skannaa koodi",
        "presenter.code": "Koodi",
        "presenter.no_poll": "Yhtään kyselyä ei ole auki",
        "presenter.no_poll_hint": "Avaa ensimmäinen kysely painamalla N.",
        "presenter.votes": "ääntä",
        "presenter.votes_one": "ääni",
        "presenter.no_polls": "Ei vielä kyselyitä",
        "presenter.open": "Avaa",
        "presenter.close": "Sulje",
        "presenter.reveal": "Näytä tulokset puhelimissa",
        "presenter.hide": "Piilota tulokset puhelimista",
        "presenter.fullscreen": "Koko näyttö",
        "presenter.shortcuts": "N seuraava · P edellinen · O avaa · C sulje · R näytä · Q QR · F koko näyttö",
        "presenter.state.draft": "Ei vielä avattu",
        "presenter.state.open": "Äänestys auki",
        "presenter.state.closed": "Äänestys suljettu",
        "presenter.revealed": "Tulokset näkyvät puhelimissa",
        "presenter.link_revoked": "Tämä esittäjän linkki on peruttu.",
        "presenter.polls": "Kyselyt",
        "organizer.sign_in": "Kirjaudu",
        "organizer.sign_out": "Kirjaudu ulos",
        "organizer.email": "Sähköposti",
        "organizer.password": "Salasana",
        "organizer.bad_login": "Väärä sähköposti tai salasana.",
        "organizer.events": "Tapahtumasi",
        "organizer.new_event": "Uusi tapahtuma",
        "organizer.title": "Nimi",
        "organizer.create": "Luo",
        "organizer.no_events": "Ei vielä tapahtumia. Luo ensimmäinen yllä.",
        "organizer.present": "Avaa esittäjän näkymä",
        "organizer.join_link": "Liittymislinkki",
        "organizer.delete": "Poista tapahtuma",
        "organizer.delete_confirm": "Poistetaanko tapahtuma ja kaikki sen äänet, kysymykset ja videot?",
        "organizer.new_poll": "Uusi kysely",
        "organizer.question": "Kysymys",
        "organizer.type": "Tyyppi",
        "organizer.type.single": "Yksi vaihtoehto",
        "organizer.type.multiple": "Monivalinta",
        "organizer.options": "Vaihtoehdot, yksi per rivi",
        "organizer.max_choices": "Enintään näin monta valintaa",
        "organizer.add_poll": "Lisää kysely",
        "organizer.polls": "Kyselyt",
        "organizer.no_polls": "Ei vielä kyselyitä.",
        "error.title": "Jokin meni vikaan",
        "error.home": "Takaisin alkuun",
    },
}


def pick_language():
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


def translator(lang):
    strings = CATALOGUE[lang]

    def t(key, **values):
        text = strings.get(key) or CATALOGUE["en"].get(key, key)
        return text.format(**values) if values else text
    return t


def init_app(app):
    @app.context_processor
    def inject_translations():
        lang = pick_language()
        return {"lang": lang, "t": translator(lang), "catalogue": CATALOGUE[lang],
                "other_lang": "fi" if lang == "en" else "en"}

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if chosen in LANGUAGES:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax")
        return response
