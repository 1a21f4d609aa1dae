#!/usr/bin/env python3
"""Writes crates/extract/tests/fixtures/narratives.jsonl: the extraction fixture corpus.

Two parts:
  * HAND: narratives written by hand, each with the indicators a careful reader finds in it
    (hard negatives included: dates, amounts, order/ticket/card numbers, postcodes).
  * TEMPLATED: realistic sentences per language (en/de/es/fr) with indicators drawn from
    pools of known-valid values in varied writings (spaced, dotted, defanged, international
    prefixes); the expected values are computed from the pool, not from the extractor.
Deterministic (fixed seed). Each line: {"id","lang","region","text","expected":[{"type","value"}]}.
"""
import json, random, sys, os

rnd = random.Random(20231409)

# ---------- pools: (writings, e164, region) ----------
PHONES = {
 "US": [(["1-888-555-0147", "(888) 555-0147", "888.555.0147", "+1 888 555 0147", "1 (888) 555-0147", "+1-888-555-0147"], "+18885550147"),
        (["1-844-276-9930", "(844) 276-9930", "844-276-9930", "+1 844 276 9930"], "+18442769930"),
        (["(212) 736-4410", "212-736-4410", "+1 212 736 4410", "212.736.4410"], "+12127364410"),
        (["1-877-904-3321", "877 904 3321", "+1 (877) 904-3321"], "+18779043321"),
        (["(415) 829-1176", "415-829-1176", "+1.415.829.1176"], "+14158291176")],
 "GB": [(["020 7946 0958", "+44 20 7946 0958", "0044 20 7946 0958", "+44 (0)20 7946 0958"], "+442079460958"),
        (["0800 048 7321", "0800 0487321", "+44 800 048 7321"], "+448000487321"),
        (["07911 123456", "+44 7911 123456", "07911 123 456"], "+447911123456"),
        (["0161 496 0752", "+44 161 496 0752"], "+441614960752")],
 "DE": [(["030 12345678", "+49 30 12345678", "0049 30 12345678", "+49 (0)30 1234 5678", "030/12345678"], "+493012345678"),
        (["0800 1234567", "0800 123 4567", "+49 800 1234567"], "+498001234567"),
        (["0151 23456789", "+49 151 23456789", "0151-23456789"], "+4915123456789"),
        (["089 21094567", "+49 89 21094567", "089 210 945 67"], "+498921094567")],
 "FR": [(["01 42 68 53 00", "+33 1 42 68 53 00", "0033 1 42 68 53 00", "01.42.68.53.00"], "+33142685300"),
        (["06 12 34 56 78", "+33 6 12 34 56 78", "06.12.34.56.78"], "+33612345678"),
        (["0 800 91 23 45", "0800 91 23 45", "+33 800 91 23 45"], "+33800912345"),
        (["04 78 12 34 56", "+33 4 78 12 34 56"], "+33478123456")],
 "ES": [(["912 345 678", "+34 912 345 678", "0034 912 345 678", "91 234 56 78"], "+34912345678"),
        (["612 34 56 78", "+34 612 345 678", "612345678"], "+34612345678"),
        (["900 123 456", "+34 900 123 456", "900-123-456"], "+34900123456"),
        (["933 456 789", "+34 933 45 67 89"], "+34933456789")],
 "AU": [(["02 9876 5432", "+61 2 9876 5432", "(02) 9876 5432"], "+61298765432"),
        (["0412 345 678", "+61 412 345 678"], "+61412345678"),
        (["1800 123 456", "+61 1800 123 456"], "+611800123456")],
 "IN": [(["+91 98765 43210", "098765 43210", "+91-9876543210"], "+919876543210"),
        (["+91 22 2778 1234", "022 2778 1234"], "+912227781234")],
}
REGION_OF = {"+1": "US", "+44": "GB", "+49": "DE", "+33": "FR", "+34": "ES", "+61": "AU", "+91": "IN"}

SCAM_DOMAINS = ["microsoft-help.com", "windows-defender-alert.net", "amazon-refund-center.com", "apple-id-verify.info",
                "paypal-resolution.org", "norton-renewal-desk.com", "mcafee-renew-now.online", "techfix-support.xyz",
                "ms-security-warning.site", "secure-billing-amazon.store", "icloud-unlock-help.com", "geek-squad-refunds.net",
                "soporte-microsoft-es.com", "assistance-windows.fr", "microsoft-hilfe24.de", "amazon-rueckerstattung.de",
                "remboursement-amazon.fr", "reembolso-amazon.es", "pc-blocked-alert.live", "virus-alert-center.top"]
SUBS = ["support", "help", "secure", "login", "billing", "update"]
PATHS = ["/fix", "/refund", "/case/8812", "/login.php", "/support/chat", "/alert?id=77", "/de/hilfe", "/remboursement"]
WEBMAIL = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "gmx.de", "web.de", "orange.fr", "hotmail.es"]
LOCALS = ["support", "refunds", "helpdesk", "john.miller", "tech.team", "billing-dept", "ms.support247", "service"]
IPS = ["45.77.12.9", "185.220.101.34", "103.21.244.7", "91.134.55.200", "2001:db8::1", "2a01:4f8:c17:b8f::2"]
WALLETS = [("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc"), ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc"),
           ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "btc"), ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc"),
           ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth"), ("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "eth"),
           ("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "eth"), ("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "eth")]
GIFT = {"en": [("Google Play", "google_play"), ("Apple gift card", "apple"), ("Steam", "steam"), ("iTunes", "apple")],
        "de": [("Google-Play-Karten", "google_play"), ("Paysafecard", "paysafecard"), ("Steam-Guthaben", "steam"), ("Apple-Geschenkkarten", "apple")],
        "es": [("tarjetas de Google Play", "google_play"), ("tarjetas Steam", "steam"), ("tarjetas regalo de Apple", "apple")],
        "fr": [("cartes Google Play", "google_play"), ("coupons Transcash", "transcash"), ("cartes cadeaux Apple", "apple"), ("Paysafecard", "paysafecard")]}

def iban(cc, bban):
    s = bban + cc + "00"
    n = int("".join(str(int(ch, 36)) for ch in s))
    return f"{cc}{98 - n % 97:02d}{bban}"

def rand_digits(n, first_nonzero=False):
    d = "".join(rnd.choice("0123456789") for _ in range(n))
    return (rnd.choice("123456789") + d[1:]) if first_nonzero else d

def spaced(s, k=4):
    return " ".join(s[i:i + k] for i in range(0, len(s), k))

def defang_domain(d):
    return rnd.choice([d, d, d.replace(".", "[.]"), d.replace(".", "(.)"), d.replace(".", "[dot]")])

def pick_phone(region):
    writings, e164 = rnd.choice(PHONES[region])
    return rnd.choice(writings), e164

def url_item():
    d = rnd.choice(SCAM_DOMAINS)
    host = d if rnd.random() < 0.6 else f"{rnd.choice(SUBS)}.{d}"
    path = rnd.choice(PATHS) if rnd.random() < 0.7 else ""
    scheme = rnd.choice(["https://", "http://", "hxxps://", "hxxp://"])
    written = scheme + defang_domain(host) + path
    norm = scheme.replace("hxxp", "http") + host + (path or "/")
    exp = [("domain", d), ("url", norm)]
    return written, exp

def domain_item():
    d = rnd.choice(SCAM_DOMAINS)
    host = d if rnd.random() < 0.7 else f"{rnd.choice(SUBS)}.{d}"
    exp = [("domain", d)]
    return defang_domain(host), exp

def email_item():
    local = rnd.choice(LOCALS)
    if rnd.random() < 0.4:
        dom = rnd.choice(WEBMAIL)
        exp = [("email", f"{local}@{dom}")]
    else:
        dom = rnd.choice(SCAM_DOMAINS)
        exp = [("email", f"{local}@{dom}"), ("domain", dom)]
    written = rnd.choice([f"{local}@{dom}", f"{local}@{dom}", f"{local}[at]{dom.replace('.', '[.]')}", f"{local.upper() if rnd.random() < .2 else local}@{dom}"])
    exp[0] = ("email", exp[0][1].lower())
    return written, exp

def ip_item():
    ip = rnd.choice(IPS)
    w = ip.replace(".", "[.]") if (":" not in ip and rnd.random() < 0.4) else ip
    return w, [("ip", ip)]

def wallet_item():
    w, _ = rnd.choice(WALLETS)
    return w, [("crypto_wallet", w)]

def iban_item():
    kind = rnd.choice(["DE", "GB", "FR", "ES", "NL"])
    if kind == "DE":
        v = iban("DE", rand_digits(18))
    elif kind == "GB":
        v = iban("GB", rnd.choice(["NWBK", "BARC", "LOYD", "HBUK"]) + rand_digits(14))
    elif kind == "FR":
        v = iban("FR", rand_digits(23))
    elif kind == "ES":
        v = iban("ES", rand_digits(20))
    else:
        v = iban("NL", rnd.choice(["ABNA", "INGB", "RABO"]) + rand_digits(10))
    w = spaced(v) if rnd.random() < 0.6 else v
    return w, [("iban", v)]

REMOTE = {"en": ["my AnyDesk ID {id}", "the AnyDesk address {id}", "his TeamViewer ID: {id}", "TeamViewer ID {id}"],
          "de": ["meine AnyDesk-ID {id}", "die TeamViewer-ID {id}", "AnyDesk-Adresse: {id}"],
          "es": ["el ID de AnyDesk {id}", "mi ID de TeamViewer: {id}", "el código de AnyDesk {id}"],
          "fr": ["mon identifiant AnyDesk {id}", "l'ID TeamViewer {id}", "le code AnyDesk : {id}"]}

def remote_item(lang):
    phr = rnd.choice(REMOTE[lang])
    tool = "anydesk" if "AnyDesk" in phr else "teamviewer"
    n = rand_digits(rnd.choice([9, 10]), first_nonzero=True)
    w = rnd.choice([n, " ".join([n[:3], n[3:6], n[6:]]) if len(n) == 9 else " ".join([n[0], n[1:4], n[4:7], n[7:]])])
    return phr.format(id=w), [("remote_access_id", f"{tool}:{n}")]

def code():
    al = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        c = "".join(rnd.choice(al) for _ in range(16))
        if sum(ch.isdigit() for ch in c) >= 2 and sum(ch.isalpha() for ch in c) >= 2:
            return c

def gift_item(lang):
    name, slug = rnd.choice(GIFT[lang])
    if slug in ("paysafecard", "transcash"):
        c = rand_digits(16, True)
    else:
        c = code()
    w = "-".join(c[i:i + 4] for i in range(0, 16, 4)) if rnd.random() < 0.6 else c
    return name, w, [("gift_card", f"{slug}:{c}")]

# ---------- templates ----------
NEG = {
 "en": ["It happened on 09/14/2023 at 4:35 pm.", "I paid $1,299.99 in total.", "My Amazon order #112-7788990-1234567 was mentioned.",
        "They read my card 4111 1111 1111 1111 back to me.", "Ticket no. 4471203 was opened.", "I live at 1600 Amelia St, ZIP 90210-1234.",
        "The case number was 2023091400017.", "It cost me 499.00 USD and 2 hours.", "On 2023-09-14 the screen froze.", "Reference: 88812345."],
 "de": ["Das war am 14.09.2023 um 18:30 Uhr.", "Ich habe 499,00 € bezahlt.", "Die Bestellnummer war 302-4417788-1234567.",
        "Meine Kundennummer 4711081512 wollte er auch.", "PLZ 10115 Berlin.", "Insgesamt 1.299,99 EUR sind weg.", "Vorgang 2023-0914-7781 wurde angelegt."],
 "es": ["Fue el 14/09/2023 a las 17:45.", "Pagué 1.299,99 € con mi tarjeta.", "El pedido 405-1234567-7654321 no existe.",
        "Código postal 28013, Madrid.", "Mi número de cliente es 55120987.", "La factura 2023/00451 era falsa."],
 "fr": ["C'était le 14/09/2023 vers 10h15.", "J'ai payé 499,00 € par carte.", "La commande 171-5566778-9900112 était fausse.",
        "Code postal 75011 Paris.", "Numéro de dossier 20230914552.", "Montant : 1 299,99 EUR."],
}
T = {
 "en": {"phone": ["A pop-up said my computer was infected and told me to call {x} right away.", "The man on the phone said to ring him back on {x}.",
                  "I got a voicemail from {x} claiming to be Microsoft support.", "Call Windows Support: {x} (toll free).", "He gave me a callback number, {x}."],
        "url": ["The warning came from {x} in my browser.", "He made me open {x} to 'fix' the problem.", "The link in the email was {x}"],
        "domain": ["The site was called {x}, it looked like Microsoft.", "They said their website is {x}.", "I searched and found {x} as their page."],
        "email": ["The invoice came from {x}.", "He told me to write to {x} for the refund.", "Their email address: {x}"],
        "ip": ["The remote session came from {x}.", "My firewall log shows {x} connecting."],
        "wallet": ["They wanted the refund returned in Bitcoin to {x}.", "Send crypto to this wallet: {x}"],
        "iban": ["I was told to wire the money to IBAN {x}.", "Transfer to account {x} please, they said."],
        "remote": ["He asked for {x} and took control of my PC.", "I read out {x} to the technician."],
        "gift": ["He made me buy {n} cards and read the codes: {x}.", "I scratched off the {n} card, code {x}."]},
 "de": {"phone": ["Ein Fenster sagte, mein PC sei gesperrt, ich solle sofort {x} anrufen.", "Der Mann rief von {x} an und sagte, er sei von Microsoft.",
                  "Bitte rufen Sie den Support unter {x} an.", "Die angebliche Hotline: {x}."],
        "url": ["Die Warnung kam von {x} im Browser.", "Ich sollte {x} öffnen, um den Fehler zu beheben."],
        "domain": ["Die Seite hieß {x} und sah echt aus.", "Er nannte mir die Webseite {x}."],
        "email": ["Die Rechnung kam von {x}.", "Ich sollte an {x} schreiben."],
        "ip": ["Die Verbindung kam von {x}."],
        "wallet": ["Ich sollte Bitcoin an {x} senden."],
        "iban": ["Ich sollte das Geld auf das Konto mit der IBAN {x} überweisen.", "Überweisung an {x}."],
        "remote": ["Er wollte {x} haben und übernahm meinen Rechner.", "Ich gab ihm {x}."],
        "gift": ["Ich musste {n} kaufen und die Codes durchgeben: {x}.", "Er verlangte {n}, Code {x}."]},
 "es": {"phone": ["Una ventana decía que mi ordenador estaba bloqueado y que llamara al {x}.", "Me llamaron desde el {x} diciendo que eran de Microsoft.",
                  "Llame al soporte técnico: {x}.", "El número que aparecía era {x}."],
        "url": ["El aviso salió de {x} en el navegador.", "Me hizo abrir {x} para 'arreglarlo'."],
        "domain": ["La página se llamaba {x}.", "Me dijo que su web era {x}."],
        "email": ["La factura vino de {x}.", "Tenía que escribir a {x}."],
        "ip": ["La conexión venía de {x}."],
        "wallet": ["Querían que enviara bitcoins a {x}."],
        "iban": ["Me pidieron una transferencia al IBAN {x}."],
        "remote": ["Me pidió {x} y controló mi equipo.", "Le di {x} por teléfono."],
        "gift": ["Tuve que comprar {n} y darle los códigos: {x}.", "Compré {n}, código {x}."]},
 "fr": {"phone": ["Une fenêtre disait que mon PC était bloqué et qu'il fallait appeler le {x}.", "Un homme m'a appelé depuis le {x} en disant être de Microsoft.",
                  "Appelez le support au {x}.", "Le numéro affiché était le {x}."],
        "url": ["L'alerte venait de {x} dans le navigateur.", "Il m'a fait ouvrir {x} pour « réparer »."],
        "domain": ["Le site s'appelait {x}.", "Il m'a donné l'adresse du site, {x}."],
        "email": ["La facture venait de {x}.", "Je devais écrire à {x}."],
        "ip": ["La connexion venait de {x}."],
        "wallet": ["Ils voulaient des bitcoins sur {x}."],
        "iban": ["On m'a demandé un virement sur l'IBAN {x}."],
        "remote": ["Il m'a demandé {x} et a pris la main sur mon PC.", "Je lui ai donné {x}."],
        "gift": ["J'ai dû acheter des {n} et lui lire les codes : {x}.", "J'ai acheté des {n}, code {x}."]},
}
LANG_REGIONS = {"en": ["US", "GB", "AU", "IN", "US"], "de": ["DE"], "es": ["ES"], "fr": ["FR"]}

def templated(i, lang):
    region = rnd.choice(LANG_REGIONS[lang])
    kinds = rnd.sample(["phone", "url", "domain", "email", "ip", "wallet", "iban", "remote", "gift", "phone"], rnd.choice([1, 2, 2, 3]))
    parts, exp = [], []
    for k in kinds:
        tpl = rnd.choice(T[lang][k])
        if k == "phone":
            # Mostly the reporter's own region; sometimes a foreign (international) number.
            r = region if rnd.random() < 0.75 else rnd.choice(list(PHONES))
            w, e = pick_phone(r)
            if r != region and not (w.startswith("+") or w.startswith("00")):
                w = rnd.choice(PHONES[r][0][0][1:] if False else [x for x in rnd.choice(PHONES[r])[0] if x.startswith(("+", "00"))] or ["+" + e[1:]])
                e = next(v for ws, v in PHONES[r] if w in ws) if any(w in ws for ws, _ in PHONES[r]) else e
            parts.append(tpl.format(x=w)); exp.append(("phone", e))
        elif k == "gift":
            n, w, e = gift_item(lang); parts.append(tpl.format(n=n, x=w)); exp += e
        else:
            fn = {"url": url_item, "domain": domain_item, "email": email_item, "ip": ip_item, "wallet": wallet_item, "iban": iban_item}.get(k)
            w, e = remote_item(lang) if k == "remote" else fn()
            parts.append(tpl.format(x=w)); exp += e
    if rnd.random() < 0.7:
        parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(NEG[lang]))
    if rnd.random() < 0.3:
        parts.append(rnd.choice(NEG[lang]))
    seen, dedup = set(), []
    for t, v in exp:
        if (t, v) not in seen:
            seen.add((t, v)); dedup.append((t, v))
    return {"id": f"t{i:03d}-{lang}", "lang": lang, "region": region, "text": " ".join(parts),
            "expected": [{"type": t, "value": v} for t, v in dedup]}

HAND = [
 ("en", "US", "A popup said my PC was locked and to call 1-888-555-0147 immediately. The site was hxxps://microsoft-help[.]com/fix",
  [("phone", "+18885550147"), ("domain", "microsoft-help.com"), ("url", "https://microsoft-help.com/fix")]),
 ("de", "DE", "Ein Fenster sagte, mein PC sei gesperrt, ich solle 0800 123 4567 anrufen. Am 14.09.2023 um 18:30 zahlte ich 499,00 € per Google Play Karten: ABCD-1234-EFGH-5678.",
  [("phone", "+498001234567"), ("gift_card", "google_play:ABCD1234EFGH5678")]),
 ("es", "ES", "Llamé al +34 912 345 678 y me pidieron el ID de AnyDesk 123 456 789. Pagué $1,299.99. Pedido #112-7788990-1234567.",
  [("phone", "+34912345678"), ("remote_access_id", "anydesk:123456789")]),
 ("fr", "FR", "Appelez le 01 42 68 53 00 ou écrivez à support[at]secure-windows[.]fr. Ma carte 4111 1111 1111 1111 a été débitée le 2023-09-14.",
  [("phone", "+33142685300"), ("email", "support@secure-windows.fr"), ("domain", "secure-windows.fr")]),
 ("en", "US", "Real Microsoft support is 1-800-MICROSOFT and microsoft.com, but they told me to call 1-800-MY-APPLE.",
  [("phone", "+18006427676"), ("domain", "microsoft.com"), ("phone", "+18006927753")]),
 ("en", "US", "Order 112-7788990-1234567 shipped on 2023-09-14 for $1,299.99; card ending 4242, ticket #4471203.", []),
 ("de", "DE", "Am 14.09.2023 um 14:35 Uhr habe ich 1.299,99 EUR überwiesen. Kundennummer 4711081512, PLZ 80331.", []),
 ("es", "ES", "El 14/09/2023 a las 10:20 me cobraron 499,00 € (pedido 405-1234567-7654321, CP 28013).", []),
 ("fr", "FR", "Le 14/09/2023 à 16h05 j'ai payé 1 299,99 € ; commande 171-5566778-9900112 ; code postal 75011.", []),
 ("en", "US", "My TeamViewer ID is 1 234 567 890 and my AnyDesk is 987 654 321, he said call 1 (888) 555-0199.",
  [("remote_access_id", "teamviewer:1234567890"), ("remote_access_id", "anydesk:987654321"), ("phone", "+18885550199")]),
 ("en", "GB", "They rang from 020 7946 0958 and later from +44 7911 123456. Visit www.amaz0n-refund.net/claim to get paid.",
  [("phone", "+442079460958"), ("phone", "+447911123456"), ("domain", "amaz0n-refund.net"), ("url", "http://www.amaz0n-refund.net/claim")]),
 ("de", "DE", "Ruf uns an unter +49 (0)30 1234 5678 oder 0049 30 12345678. Ticket 55512345678.",
  [("phone", "+493012345678")]),
 ("en", "US", "Email came from help.desk@MS-Support-Team.com and the reply-to was techsupport247@gmail.com.",
  [("email", "help.desk@ms-support-team.com"), ("domain", "ms-support-team.com"), ("email", "techsupport247@gmail.com")]),
 ("en", "US", "Server 45.77.12[.]9 and 2001:db8::1 were in the log. Windows version 10.0.19045.2364 was shown.",
  [("ip", "45.77.12.9"), ("ip", "2001:db8::1")]),
 ("en", "US", "Send BTC to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 or ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed.",
  [("crypto_wallet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"), ("crypto_wallet", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]),
 ("de", "DE", "Überweisen Sie an DE89 3704 0044 0532 0130 00, Verwendungszweck Rechnung 2023-0914.",
  [("iban", "DE89370400440532013000")]),
 ("en", "US", "The page said: Your computer has been blocked.Call now. Error code 0x80070005. Do not restart.", []),
 ("en", "AU", "I rang 1800 123 456 after the pop-up; later they called from +61 2 9876 5432.",
  [("phone", "+611800123456"), ("phone", "+61298765432")]),
 ("en", "IN", "The caller's number was +91 98765 43210, he asked for 2,000 rupees via UPI.",
  [("phone", "+919876543210")]),
 ("fr", "FR", "Il a dit d'appeler le 0 800 91 23 45, puis m'a envoyé un lien hxxp://assistance-windows[.]fr/aide.",
  [("phone", "+33800912345"), ("domain", "assistance-windows.fr"), ("url", "http://assistance-windows.fr/aide")]),
 ("es", "ES", "Me escribieron desde soporte(at)soporte-microsoft-es(.)com y llamé al 900-123-456.",
  [("email", "soporte@soporte-microsoft-es.com"), ("domain", "soporte-microsoft-es.com"), ("phone", "+34900123456")]),
 ("en", "US", "He told me the real Amazon number is 1-888-280-4331 but asked me to call 1-877-904-3321 instead.",
  [("phone", "+18882804331"), ("phone", "+18779043321")]),
 ("en", "US", "Microsoft support, call 1-844-276-9930\nor 1-855-\n836-3987 for help.",
  [("phone", "+18442769930"), ("phone", "+18558363987")]),
 ("de", "DE", "Der Techniker wollte meine AnyDesk-ID. Danach sollte ich 0800 1234567 anrufen.",
  [("phone", "+498001234567")]),
 ("en", "US", "I was told to install AnyDesk, then call 888 555 0147 and read the 9-digit code.",
  [("phone", "+18885550147")]),
 ("en", "US", "Visit support.microsoft-help.com or bit.ly/3xYzAb to continue.",
  [("domain", "microsoft-help.com"), ("domain", "bit.ly"), ("url", "http://bit.ly/3xYzAb")]),
 ("en", "US", "The page looked exactly like www.amazon.com but the pop-up came from Amazn-secure.Info. Your computer has been blocked.Call now.",
  [("domain", "amazon.com"), ("domain", "amazn-secure.info")]),
 ("en", "US", "They wanted the numbers on the back: eBay card: GXZE X6SA H3PU XQCB and Google Play code V5B3 EWA7 DYXS L6M7 RYUN my number is 1-303-891-3581.",
  [("gift_card", "ebay:GXZEX6SAH3PUXQCB"), ("gift_card", "google_play:V5B3EWA7DYXSL6M7RYUN"), ("phone", "+13038913581")]),
 ("en", "AU", "caller ID showed 1800-785-749. I found the real number 13 20 58 on the website. They also gave me 0011 91 8795595392.",
  [("phone", "+611800785749"), ("phone", "+61132058"), ("phone", "+918795595392")]),
 ("en", "US", "I already opened case ZV-2023/995094 with my bank. My ordr number is 113-7149698-0516520.", []),
 ("fr", "FR", "Mon IBAN FR14 2004 1010 0505 0001 3M02 606 a été débité de 800 €.",
  [("iban", "FR1420041010050500013M02606")]),
 ("es", "ES", "Transferí 2.500 € al IBAN ES91 2100 0418 4502 0005 1332 el 15/09/2023.",
  [("iban", "ES9121000418450200051332")]),
 ("en", "GB", "Amazon UK's real line is 0800 279 7234, the scammer used 0800 048 7321.",
  [("phone", "+448002797234"), ("phone", "+448000487321")]),
 ("en", "US", "The ad led to https://www.microsoft-help.com/ and to hxxp://185.220.101[.]34/panel.",
  [("domain", "microsoft-help.com"), ("url", "https://www.microsoft-help.com/"), ("ip", "185.220.101.34"), ("url", "http://185.220.101.34/panel")]),
]

def main(out):
    rows = []
    for i, (lang, region, text, exp) in enumerate(HAND):
        rows.append({"id": f"h{i:03d}-{lang}", "lang": lang, "region": region, "text": text,
                     "expected": [{"type": t, "value": v} for t, v in exp]})
    n = 0
    for lang, count in [("en", 60), ("de", 50), ("es", 45), ("fr", 45)]:
        for _ in range(count):
            rows.append(templated(n, lang)); n += 1
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} narratives to {out}", file=sys.stderr)

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "crates/extract/tests/fixtures/narratives.jsonl"))
