//! Narratives in English, German, Spanish and French, written the way victims write:
//! sentence templates per situation, filled with indicator mentions, amounts, dates, order
//! numbers and times, then roughened (typos, lost punctuation, lower case).
//!
//! Roughening touches template words only, never the text of an indicator, so the ground
//! truth of a mention is fixed when the mention is written. Template placeholders are
//! `{x}` (the mention), `{brand}`, `{product}`, `{amount}`, `{date}`, `{method}`, `{order}`,
//! `{time}`, `{err}`, `{ticket}`, `{n}`.

use crate::util::{R, chance, one, pick};
use rand::Rng;
use std::borrow::Cow;

/// What a sentence talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    ScamPhone,
    IncomingPhone,
    MobilePhone,
    Site,
    Email,
    RemoteScam,
    RemoteOwn,
    Wallet,
    Iban,
    GiftCard,
    OwnPhone,
    OwnEmail,
    OfficialPhone,
    OfficialSite,
    UnrelatedPhone,
    UnrelatedSite,
}

/// The sentence tables of one language.
pub struct Lang {
    pub code: &'static str,
    popup: &'static [&'static str],
    phone_call: &'static [&'static str],
    email: &'static [&'static str],
    sms: &'static [&'static str],
    web_ad: &'static [&'static str],
    social: &'static [&'static str],
    story: &'static [&'static str],
    scam_phone: &'static [&'static str],
    incoming_phone: &'static [&'static str],
    mobile_phone: &'static [&'static str],
    site: &'static [&'static str],
    mail: &'static [&'static str],
    remote_scam: &'static [&'static str],
    remote_own: &'static [&'static str],
    wallet: &'static [&'static str],
    iban: &'static [&'static str],
    gift: &'static [&'static str],
    own_phone: &'static [&'static str],
    own_email: &'static [&'static str],
    official_phone: &'static [&'static str],
    official_site: &'static [&'static str],
    unrelated_phone: &'static [&'static str],
    unrelated_site: &'static [&'static str],
    pay: &'static [&'static str],
    no_pay: &'static [&'static str],
    negatives: &'static [&'static str],
    close: &'static [&'static str],
    /// Noise reports: complaints and confused but legitimate contacts, no scam.
    pub noise: &'static [&'static str],
    /// Unrelated scams (parcel SMS, investment, romance).
    pub other_scam: &'static [&'static str],
    /// `AnyDesk-ID`-style labels: `{tool}` is replaced by the tool name.
    remote_label: &'static [&'static str],
    /// `Google Play card code`-style labels: `{card}` is the card's display name.
    gift_label: &'static [&'static str],
    pub methods: Methods,
}

/// How payment methods are named in the `payment_method` field and in the text.
pub struct Methods {
    pub gift: &'static str,
    pub bank: &'static str,
    pub crypto: &'static str,
    pub card: &'static str,
}

pub const EN: Lang = Lang {
    code: "en",
    popup: &[
        "A popup came up on my {product} saying my computer was infected and locked.",
        "my screen froze and a red warning from {brand} Defender said to call support immediately",
        "While I was reading the news a big window with the {brand} logo appeared with a loud alarm and said not to turn off the computer.",
        "Got a pop up that my {brand} account was hacked and my files would be deleted",
        "the computer started beeping and a message said Error # 0x80070005 call {brand} technicians",
    ],
    phone_call: &[
        "I received a call from someone saying he was from {brand} support.",
        "A man called me and said my {brand} account had been compromised and somebody ordered an iPhone.",
        "got a phone call saying my {brand} subscription would renew for $399.99 unless I cancelled",
        "They called and said they were from the {brand} fraud department.",
    ],
    email: &[
        "I got an email from {brand} about a charge of $299.99 for a subscription renewal.",
        "email said my {brand} order was confirmed and if i did not make this order to call",
        "I received an invoice by email for {brand} Total Protection that I never ordered.",
    ],
    sms: &[
        "I got a text message saying my {brand} account is suspended.",
        "text said there was a suspicious purchase on my {brand} account and to call",
    ],
    web_ad: &[
        "I searched for {brand} customer service on Google and clicked the first result.",
        "I was looking for {brand} support to fix my printer and found a number in an ad.",
    ],
    social: &["Someone on Facebook said they worked for {brand} and could help me get a refund."],
    story: &[
        "They said they needed to remote into my computer to fix it.",
        "He told me hackers were using my bank account and I had to protect my money.",
        "they said i was owed a refund and then said they sent too much by mistake and i had to pay it back",
        "The man was very pushy and kept me on the phone for 3 hours.",
        "They said my IP address was used for illegal activity and the police would come.",
        "He said not to tell anyone, not even my bank, because the bank staff were involved.",
    ],
    scam_phone: &[
        "The number on the screen was {x}.",
        "It said to call {x} immediately",
        "I called {x}",
        "they gave me a number to call back: {x}",
        "The callback number was {x}.",
        "Number: {x}",
        "the phone number they gave is {x} (toll free)",
    ],
    incoming_phone: &[
        "They called me from {x}.",
        "caller ID showed {x}",
        "the call came from {x}",
    ],
    mobile_phone: &[
        "Later they contacted me on WhatsApp from {x}.",
        "the so called supervisor called from {x}",
        "They also gave me a direct number {x}",
    ],
    site: &[
        "The website was {x}.",
        "the popup came from {x}",
        "They told me to go to {x}",
        "The link in the email went to {x}",
        "the address bar said {x}",
    ],
    mail: &[
        "The email came from {x}.",
        "they sent the invoice from {x}",
        "I wrote to {x} to cancel",
        "Reply to: {x}",
    ],
    remote_scam: &[
        "They connected to my computer with {x}.",
        "In the remote window I saw the connection came from {x}",
        "the tech used {x} to get in",
    ],
    remote_own: &[
        "They made me install it and read them my {x}.",
        "I gave them my {x}",
    ],
    wallet: &[
        "They made me put cash in a bitcoin ATM and send it to {x}.",
        "wallet address {x}",
        "I sent the crypto to {x}",
    ],
    iban: &[
        "I transferred the money to IBAN {x}.",
        "they gave me an account to send it to: {x}",
    ],
    gift: &[
        "I bought {n} cards and read them the codes, one was {x}.",
        "They wanted the numbers on the back: {x}",
        "{x}",
    ],
    own_phone: &["You can call me at {x}.", "my number is {x}"],
    own_email: &["my email is {x}", "Please contact me at {x}."],
    official_phone: &[
        "Afterwards I called the real {brand} number {x} and they told me it was a scam.",
        "I found the real number {x} on the website and they said they never call customers.",
    ],
    official_site: &[
        "I checked on {x} and there was nothing on my account.",
        "The page looked exactly like {x}.",
        "They told me to download the program from {x}",
    ],
    unrelated_phone: &[
        "The number was {x}.",
        "they called from {x}",
        "I called {x} back",
    ],
    unrelated_site: &["the link was {x}", "the site is {x}"],
    pay: &[
        "I lost {amount} on {date}.",
        "I paid {amount} with {method} on {date}.",
        "In total I paid {amount}",
        "On {date} at {time} they took {amount} from me",
    ],
    no_pay: &[
        "I did not pay anything and hung up.",
        "Luckily my bank stopped the payment.",
        "I didnt give them any money",
    ],
    negatives: &[
        "My order number is {order}.",
        "the error code was {err}",
        "This happened around {time}.",
        "I already opened case {ticket} with my bank.",
        "It was on {date}.",
    ],
    close: &[
        "Please help me get my money back.",
        "I feel so stupid.",
        "Please do something about these people!!",
        "I am 82 years old and live alone.",
        "",
        "Thank you",
    ],
    noise: &[
        "My {product} update failed and now the computer is very slow. Nobody at {brand} answers.",
        "I have not received the refund for my return of order {order}, it has been 3 weeks.",
        "I got an email from {brand} about my order {order}, is it real? It looked ok.",
        "My package was delivered to the wrong address on {date}.",
        "I was charged {amount} twice for my {brand} subscription.",
        "Cant log in to my {brand} account since {date}, please reset my password",
    ],
    other_scam: &[
        "I got an SMS that my parcel could not be delivered and had to pay a customs fee.",
        "A man I met online asked me to invest in crypto and now I cannot withdraw.",
        "Someone selling a car on a marketplace took the deposit and disappeared.",
    ],
    remote_label: &[
        "{tool} ID {id}",
        "{tool}-ID {id}",
        "{tool} id: {id}",
        "{tool} code {id}",
    ],
    gift_label: &[
        "{card} card code {code}",
        "{card} card: {code}",
        "{card} code {code}",
    ],
    methods: Methods {
        gift: "gift cards",
        bank: "bank transfer",
        crypto: "bitcoin",
        card: "credit card",
    },
};

pub const DE: Lang = Lang {
    code: "de",
    popup: &[
        "Auf meinem {product} kam ein Fenster, mein PC sei gesperrt und infiziert.",
        "plötzlich war der Bildschirm blockiert und eine Warnung von {brand} sagte ich soll sofort den Support anrufen",
        "Beim Surfen erschien eine Meldung mit {brand} Logo und lautem Alarm, ich solle den Computer nicht ausschalten.",
    ],
    phone_call: &[
        "Ich wurde von einem Mann angerufen der sagte er sei vom {brand} Support.",
        "Anruf von angeblich {brand}, mein Konto sei gehackt worden",
        "Eine Bandansage sagte, mein {brand} Abo würde für 399,99 € verlängert.",
    ],
    email: &[
        "Ich bekam eine E-Mail von {brand} über eine Abbuchung von 299,99 €.",
        "In einer Mail stand meine {brand} Bestellung sei bestätigt, wenn nicht von mir soll ich anrufen",
    ],
    sms: &["Ich bekam eine SMS, mein {brand} Konto sei gesperrt."],
    web_ad: &[
        "Ich habe bei Google nach dem {brand} Kundendienst gesucht und auf das erste Ergebnis geklickt.",
    ],
    social: &[
        "Jemand auf Facebook meinte er arbeite für {brand} und könne mir eine Rückerstattung besorgen.",
    ],
    story: &[
        "Sie wollten per Fernwartung auf meinen Rechner.",
        "Er sagte, Hacker würden mein Bankkonto benutzen und ich müsse mein Geld schützen.",
        "angeblich hätte ich eine Rückerstattung bekommen und sie hätten zu viel überwiesen, ich sollte es zurückzahlen",
        "Der Mann war sehr aufdringlich und hat mich 3 Stunden am Telefon gehalten.",
    ],
    scam_phone: &[
        "Die Nummer auf dem Bildschirm war {x}.",
        "Ich solle sofort {x} anrufen",
        "Ich habe {x} angerufen",
        "Rückrufnummer: {x}",
        "Tel. {x}",
    ],
    incoming_phone: &["Der Anruf kam von {x}.", "Angezeigt wurde die Nummer {x}"],
    mobile_phone: &[
        "Später haben sie mir über WhatsApp von {x} geschrieben.",
        "der Vorgesetzte rief von {x} an",
    ],
    site: &[
        "Die Webseite war {x}.",
        "die Meldung kam von {x}",
        "Ich sollte auf {x} gehen",
        "Der Link in der Mail ging auf {x}",
    ],
    mail: &[
        "Die Mail kam von {x}.",
        "Absender war {x}",
        "Ich habe an {x} geschrieben",
    ],
    remote_scam: &[
        "Sie haben sich mit {x} auf meinen Rechner verbunden.",
        "Die Verbindung kam von {x}",
    ],
    remote_own: &[
        "Ich musste es installieren und ihnen meine {x} vorlesen.",
        "Ich gab ihnen meine {x}",
    ],
    wallet: &[
        "Ich musste Bargeld in einen Bitcoin-Automaten stecken und an {x} senden.",
        "Wallet-Adresse {x}",
    ],
    iban: &[
        "Ich habe das Geld auf die IBAN {x} überwiesen.",
        "Sie gaben mir ein Konto: {x}",
    ],
    gift: &[
        "Ich habe {n} Karten gekauft und die Codes vorgelesen, einer war {x}.",
        "Sie wollten die Nummern auf der Rückseite: {x}",
        "{x}",
    ],
    own_phone: &["Sie erreichen mich unter {x}.", "meine Nummer ist {x}"],
    own_email: &[
        "meine Mail ist {x}",
        "Bitte kontaktieren Sie mich unter {x}.",
    ],
    official_phone: &[
        "Danach habe ich die echte {brand} Nummer {x} angerufen, dort sagte man mir es sei Betrug.",
    ],
    official_site: &[
        "Auf {x} stand nichts von einer Bestellung.",
        "Die Seite sah genau aus wie {x}.",
        "Ich sollte das Programm von {x} herunterladen",
    ],
    unrelated_phone: &["Die Nummer war {x}.", "angerufen wurde ich von {x}"],
    unrelated_site: &["der Link war {x}", "die Seite ist {x}"],
    pay: &[
        "Ich habe am {date} {amount} verloren.",
        "Ich habe {amount} per {method} bezahlt, am {date}.",
        "Insgesamt habe ich {amount} bezahlt",
        "Am {date} um {time} haben sie {amount} abgebucht",
    ],
    no_pay: &[
        "Ich habe nichts bezahlt und aufgelegt.",
        "Zum Glück hat meine Bank die Zahlung gestoppt.",
    ],
    negatives: &[
        "Meine Bestellnummer ist {order}.",
        "Der Fehlercode war {err}",
        "Das war gegen {time} Uhr.",
        "Ich habe bei der Polizei Anzeige erstattet, Aktenzeichen {ticket}.",
        "Das war am {date}.",
    ],
    close: &[
        "Bitte helfen Sie mir mein Geld zurückzubekommen.",
        "Ich schäme mich so.",
        "Bitte unternehmen Sie etwas!!",
        "",
        "Mit freundlichen Grüßen",
    ],
    noise: &[
        "Mein {product} Update ist fehlgeschlagen und der Rechner ist sehr langsam. Bei {brand} geht niemand ran.",
        "Ich habe die Rückerstattung für die Bestellung {order} noch nicht bekommen.",
        "Ich habe eine Mail von {brand} zu meiner Bestellung {order} bekommen, ist die echt?",
        "Mir wurden {amount} doppelt für mein {brand} Abo abgebucht.",
    ],
    other_scam: &[
        "Ich bekam eine SMS, mein Paket könne nicht zugestellt werden und ich müsse Zoll bezahlen.",
        "Ein Mann aus dem Internet hat mich zu einer Krypto-Investition überredet.",
    ],
    remote_label: &[
        "{tool}-ID {id}",
        "{tool} ID {id}",
        "{tool}-Adresse {id}",
        "{tool} Nummer {id}",
    ],
    gift_label: &[
        "{card}-Karte, Code: {code}",
        "{card} Karte {code}",
        "{card} Code {code}",
    ],
    methods: Methods {
        gift: "Gutscheinkarten",
        bank: "Überweisung",
        crypto: "Bitcoin",
        card: "Kreditkarte",
    },
};

pub const ES: Lang = Lang {
    code: "es",
    popup: &[
        "Me salió una ventana en el {product} diciendo que el ordenador estaba bloqueado por un virus.",
        "la pantalla se bloqueo y salio un aviso de {brand} que llamara al soporte urgente",
    ],
    phone_call: &[
        "Me llamó un hombre diciendo que era del soporte técnico de {brand}.",
        "me llamaron de parte de {brand} diciendo que mi cuenta estaba hackeada",
    ],
    email: &[
        "Recibí un correo de {brand} por un cargo de 299,99 €.",
        "un email decia que mi pedido de {brand} estaba confirmado y que llamara si no era mio",
    ],
    sms: &["Recibí un SMS diciendo que mi cuenta de {brand} estaba suspendida."],
    web_ad: &[
        "Busqué el servicio al cliente de {brand} en Google y pinché en el primer resultado.",
    ],
    social: &["Alguien en Facebook dijo que trabajaba para {brand} y me podía devolver dinero."],
    story: &[
        "Querían conectarse a mi ordenador para arreglarlo.",
        "Me dijo que unos hackers estaban usando mi cuenta del banco.",
        "dijeron que me habian devuelto dinero de mas y que tenia que devolverlo",
        "El hombre fue muy insistente y me tuvo 3 horas al teléfono.",
    ],
    scam_phone: &[
        "El número en la pantalla era {x}.",
        "Decía que llamara al {x}",
        "Llamé al {x}",
        "Teléfono: {x}",
    ],
    incoming_phone: &[
        "Me llamaron desde el {x}.",
        "en la pantalla salia el numero {x}",
    ],
    mobile_phone: &[
        "Después me escribieron por WhatsApp desde el {x}.",
        "el supervisor llamó desde el {x}",
    ],
    site: &[
        "La web era {x}.",
        "el aviso venía de {x}",
        "Me dijeron que entrara en {x}",
    ],
    mail: &["El correo venía de {x}.", "Les escribí a {x}"],
    remote_scam: &[
        "Se conectaron a mi ordenador con {x}.",
        "La conexión venía de {x}",
    ],
    remote_own: &["Me hicieron instalarlo y darles mi {x}.", "Les di mi {x}"],
    wallet: &[
        "Tuve que meter dinero en un cajero de bitcoin y enviarlo a {x}.",
        "dirección de la cartera {x}",
    ],
    iban: &[
        "Hice una transferencia al IBAN {x}.",
        "Me dieron esta cuenta: {x}",
    ],
    gift: &[
        "Compré {n} tarjetas y les leí los códigos, uno era {x}.",
        "{x}",
    ],
    own_phone: &["Mi teléfono es {x}.", "pueden llamarme al {x}"],
    own_email: &["mi correo es {x}", "Contáctenme en {x}."],
    official_phone: &["Luego llamé al número real de {brand} {x} y me dijeron que era una estafa."],
    official_site: &[
        "En {x} no había nada en mi cuenta.",
        "La página era igual que {x}.",
        "Me dijeron que descargara el programa de {x}",
    ],
    unrelated_phone: &["El número era {x}.", "me llamaron del {x}"],
    unrelated_site: &["el enlace era {x}"],
    pay: &[
        "Perdí {amount} el {date}.",
        "Pagué {amount} con {method} el {date}.",
        "En total pagué {amount}",
        "El {date} a las {time} me cobraron {amount}",
    ],
    no_pay: &["No pagué nada y colgué.", "Mi banco paró el pago."],
    negatives: &[
        "Mi número de pedido es {order}.",
        "El código de error era {err}",
        "Fue sobre las {time}.",
        "Puse una denuncia, número {ticket}.",
        "Fue el {date}.",
    ],
    close: &[
        "Por favor ayúdenme a recuperar mi dinero.",
        "Me siento muy tonta.",
        "",
        "Gracias",
    ],
    noise: &[
        "La actualización de {product} falló y el ordenador va muy lento.",
        "No he recibido el reembolso del pedido {order}.",
        "Me cobraron {amount} dos veces por la suscripción de {brand}.",
    ],
    other_scam: &[
        "Recibí un SMS de que mi paquete no se podía entregar y tenía que pagar aduanas.",
        "Un hombre que conocí por internet me convenció para invertir en criptomonedas.",
    ],
    remote_label: &[
        "ID de {tool} {id}",
        "ID de {tool}: {id}",
        "código de {tool} {id}",
    ],
    gift_label: &["tarjeta {card} código {code}", "tarjeta de {card}: {code}"],
    methods: Methods {
        gift: "tarjetas regalo",
        bank: "transferencia",
        crypto: "bitcoin",
        card: "tarjeta de crédito",
    },
};

pub const FR: Lang = Lang {
    code: "fr",
    popup: &[
        "Une fenêtre est apparue sur mon {product} disant que mon ordinateur était bloqué et infecté.",
        "mon ecran sest bloqué avec un message de {brand} qui disait dappeler le support tout de suite",
    ],
    phone_call: &[
        "J'ai reçu un appel d'un homme qui disait travailler pour le support {brand}.",
        "on m'a appelé de la part de {brand}, mon compte aurait été piraté",
    ],
    email: &[
        "J'ai reçu un courriel de {brand} pour un prélèvement de 299,99 €.",
        "un mail disait que ma commande {brand} était confirmée et d'appeler si ce n'était pas moi",
    ],
    sms: &["J'ai reçu un texto disant que mon compte {brand} était suspendu."],
    web_ad: &[
        "J'ai cherché le service client {brand} sur Google et cliqué sur le premier résultat.",
    ],
    social: &["Quelqu'un sur Facebook disait travailler pour {brand} et pouvoir me rembourser."],
    story: &[
        "Ils voulaient prendre le contrôle de mon ordinateur pour le réparer.",
        "Il m'a dit que des pirates utilisaient mon compte bancaire.",
        "ils disaient qu'ils m'avaient remboursé trop et que je devais rendre la différence",
        "L'homme était très insistant et m'a gardé 3 heures au téléphone.",
    ],
    scam_phone: &[
        "Le numéro à l'écran était le {x}.",
        "Il fallait appeler le {x} immédiatement",
        "J'ai appelé le {x}",
        "Tél : {x}",
    ],
    incoming_phone: &["Ils m'ont appelé du {x}.", "le numéro affiché était {x}"],
    mobile_phone: &[
        "Ensuite ils m'ont contacté sur WhatsApp depuis le {x}.",
        "le superviseur a appelé du {x}",
    ],
    site: &[
        "Le site était {x}.",
        "la fenêtre venait de {x}",
        "Ils m'ont dit d'aller sur {x}",
    ],
    mail: &["Le courriel venait de {x}.", "J'ai écrit à {x}"],
    remote_scam: &[
        "Ils se sont connectés à mon ordinateur avec {x}.",
        "La connexion venait de {x}",
    ],
    remote_own: &[
        "Ils m'ont fait installer le logiciel et donner mon {x}.",
        "Je leur ai donné mon {x}",
    ],
    wallet: &[
        "J'ai dû mettre de l'argent dans un distributeur bitcoin et l'envoyer à {x}.",
        "adresse du portefeuille {x}",
    ],
    iban: &[
        "J'ai fait un virement sur l'IBAN {x}.",
        "Ils m'ont donné ce compte : {x}",
    ],
    gift: &[
        "J'ai acheté {n} cartes et je leur ai lu les codes, l'un était {x}.",
        "{x}",
    ],
    own_phone: &["Vous pouvez me joindre au {x}.", "mon numéro est le {x}"],
    own_email: &["mon courriel est {x}", "Contactez-moi à {x}."],
    official_phone: &[
        "Ensuite j'ai appelé le vrai numéro de {brand} {x} et on m'a dit que c'était une arnaque.",
    ],
    official_site: &[
        "Sur {x} il n'y avait rien sur mon compte.",
        "La page ressemblait exactement à {x}.",
        "Ils m'ont dit de télécharger le programme sur {x}",
    ],
    unrelated_phone: &["Le numéro était {x}.", "on m'a appelé du {x}"],
    unrelated_site: &["le lien était {x}"],
    pay: &[
        "J'ai perdu {amount} le {date}.",
        "J'ai payé {amount} par {method} le {date}.",
        "Au total j'ai payé {amount}",
        "Le {date} à {time} ils m'ont pris {amount}",
    ],
    no_pay: &[
        "Je n'ai rien payé et j'ai raccroché.",
        "Ma banque a bloqué le paiement.",
    ],
    negatives: &[
        "Mon numéro de commande est {order}.",
        "Le code d'erreur était {err}",
        "C'était vers {time}.",
        "J'ai porté plainte, numéro {ticket}.",
        "C'était le {date}.",
    ],
    close: &[
        "Aidez-moi à récupérer mon argent svp.",
        "Je me sens tellement bête.",
        "",
        "Merci",
    ],
    noise: &[
        "La mise à jour de {product} a échoué et l'ordinateur est très lent.",
        "Je n'ai pas reçu le remboursement de la commande {order}.",
        "On m'a prélevé {amount} deux fois pour l'abonnement {brand}.",
    ],
    other_scam: &[
        "J'ai reçu un SMS disant que mon colis ne pouvait pas être livré et qu'il fallait payer des frais.",
        "Un homme rencontré sur internet m'a convaincu d'investir en crypto.",
    ],
    remote_label: &[
        "ID {tool} {id}",
        "identifiant {tool} : {id}",
        "code {tool} {id}",
    ],
    gift_label: &["carte {card} code {code}", "carte {card} : {code}"],
    methods: Methods {
        gift: "cartes cadeaux",
        bank: "virement",
        crypto: "bitcoin",
        card: "carte bancaire",
    },
};

pub fn lang(code: &str) -> &'static Lang {
    match code {
        "de" => &DE,
        "es" => &ES,
        "fr" => &FR,
        _ => &EN,
    }
}

impl Lang {
    pub fn opener(&self, contact: &str) -> &'static [&'static str] {
        match contact {
            "popup" => self.popup,
            "phone_call" => self.phone_call,
            "email" => self.email,
            "sms" => self.sms,
            "web_ad" => self.web_ad,
            _ => self.social,
        }
    }

    pub fn slot(&self, s: Slot) -> &'static [&'static str] {
        match s {
            Slot::ScamPhone => self.scam_phone,
            Slot::IncomingPhone => self.incoming_phone,
            Slot::MobilePhone => self.mobile_phone,
            Slot::Site => self.site,
            Slot::Email => self.mail,
            Slot::RemoteScam => self.remote_scam,
            Slot::RemoteOwn => self.remote_own,
            Slot::Wallet => self.wallet,
            Slot::Iban => self.iban,
            Slot::GiftCard => self.gift,
            Slot::OwnPhone => self.own_phone,
            Slot::OwnEmail => self.own_email,
            Slot::OfficialPhone => self.official_phone,
            Slot::OfficialSite => self.official_site,
            Slot::UnrelatedPhone => self.unrelated_phone,
            Slot::UnrelatedSite => self.unrelated_site,
        }
    }

    pub fn story(&self) -> &'static [&'static str] {
        self.story
    }
    pub fn pay(&self) -> &'static [&'static str] {
        self.pay
    }
    pub fn no_pay(&self) -> &'static [&'static str] {
        self.no_pay
    }
    pub fn negatives(&self) -> &'static [&'static str] {
        self.negatives
    }
    pub fn close(&self) -> &'static [&'static str] {
        self.close
    }

    /// `AnyDesk-ID 123 456 789`: the tool name always next to the id, in this language.
    pub fn remote(&self, rng: &mut R, tool: &str, id: &str) -> String {
        let shown_id = match rng.random_range(0..4) {
            0 => id.to_string(),
            1 => group(id, 3, " "),
            2 => group(id, 3, "-"),
            _ if id.len() == 10 => format!("{} {}", &id[..1], group(&id[1..], 3, " ")),
            _ => group(id, 3, " "),
        };
        let tool_shown = if chance(rng, 0.15) {
            tool.to_ascii_lowercase()
        } else {
            tool.to_string()
        };
        fill(
            one(rng, self.remote_label),
            &[("tool", &tool_shown), ("id", &shown_id)],
        )
    }

    /// `Google Play card code ABCD-…`.
    pub fn gift_card(&self, rng: &mut R, card: &str, code: &str) -> String {
        fill(one(rng, self.gift_label), &[("card", card), ("code", code)])
    }
}

/// Groups `s` into chunks of `n` joined by `sep`, from the left.
pub fn group(s: &str, n: usize, sep: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / n * sep.len());
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % n == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// Replaces `{key}` placeholders in one pass; unknown keys stay as written.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 48);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match vars.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Typos, lost punctuation and lower case applied to template text (placeholders intact).
pub fn roughen<'a>(rng: &mut R, template: &'a str, style: Style) -> Cow<'a, str> {
    let typo_now = style.typos > 0.0 && chance(rng, style.typos);
    if !style.lowercase && !style.no_punctuation && !typo_now {
        return Cow::Borrowed(template);
    }
    let mut s = template.to_string();
    if style.lowercase {
        s = lower_outside_braces(&s);
    }
    if style.no_punctuation {
        s = drop_punctuation(&s);
    }
    if typo_now {
        s = typo(rng, &s);
    }
    Cow::Owned(s)
}

/// Drops sentence punctuation (`.`, `,`, `!`) before a space or the end, and apostrophes;
/// keeps the dots and commas inside numbers such as `299,99`.
fn drop_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next_is_gap = chars.peek().is_none_or(|n| n.is_whitespace());
        let drop = (matches!(c, '.' | ',' | '!') && next_is_gap) || c == '\'';
        if !drop {
            out.push(c);
        }
    }
    out
}

fn lower_outside_braces(s: &str) -> String {
    if s.is_ascii() && !s.contains('{') {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            out.extend(c.to_lowercase())
        } else {
            out.push(c)
        }
    }
    out
}

/// One letter-level slip in a word of at least four letters that holds no placeholder.
fn typo(rng: &mut R, s: &str) -> String {
    let eligible = |w: &str| w.len() >= 4 && w.bytes().all(|c| c.is_ascii_alphabetic());
    let count = s.split(' ').filter(|w| eligible(w)).count();
    if count == 0 {
        return s.to_string();
    }
    let target = rng.random_range(0..count);
    let mut start = 0;
    let mut word = "";
    let mut seen = 0;
    for w in s.split(' ') {
        if eligible(w) {
            if seen == target {
                word = w;
                break;
            }
            seen += 1;
        }
        start += w.len() + 1;
    }
    // Invariant: `word` is ASCII letters only (checked by `eligible`), so byte edits stay UTF-8.
    let b = word.as_bytes();
    let i = rng.random_range(1..b.len() - 1);
    let mut out = String::with_capacity(s.len() + 1);
    out.push_str(&s[..start + i]);
    match rng.random_range(0..3) {
        0 => {
            out.push(b[i + 1] as char);
            out.push(b[i] as char);
            out.push_str(&s[start + i + 2..]);
        }
        1 => out.push_str(&s[start + i + 1..]),
        _ => {
            out.push(b[i] as char);
            out.push_str(&s[start + i..]);
        }
    }
    out
}

/// How roughly one reporter writes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub lowercase: bool,
    pub no_punctuation: bool,
    /// Chance per sentence of one typo.
    pub typos: f64,
    /// Sentences separated by line breaks instead of spaces.
    pub newlines: bool,
}

impl Style {
    pub fn draw(rng: &mut R) -> Style {
        Style {
            lowercase: chance(rng, 0.12),
            no_punctuation: chance(rng, 0.1),
            typos: *pick(rng, &[0.0, 0.0, 0.1, 0.25, 0.5]),
            newlines: chance(rng, 0.2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn fill_replaces_known_keys_only() {
        let cases = [
            ("call {x} now", "call 0800 now"),
            ("{x}", "0800"),
            ("{brand} {x}.", "Microsoft 0800."),
            ("keep {unknown}", "keep {unknown}"),
            ("open { brace", "open { brace"),
        ];
        for (t, want) in cases {
            assert_eq!(fill(t, &[("x", "0800"), ("brand", "Microsoft")]), want);
        }
    }

    #[test]
    fn typos_change_one_ascii_word_by_one_letter() {
        let mut rng = R::seed_from_u64(8);
        for _ in 0..200 {
            let t = typo(&mut rng, "I called {x} and the man said");
            assert!(t.contains("{x}"), "{t}");
            assert!((t.len() as i64 - 29).abs() <= 1, "{t}");
        }
        assert_eq!(typo(&mut rng, "a {x} é"), "a {x} é");
    }

    #[test]
    fn punctuation_goes_but_numbers_keep_their_separators() {
        let cases = [
            ("I paid 299,99 €. Thanks!", "I paid 299,99 € Thanks"),
            ("It's 3.5 GB, ok.", "Its 3.5 GB ok"),
            ("call {x}.", "call {x}"),
        ];
        for (input, want) in cases {
            assert_eq!(drop_punctuation(input), want);
        }
    }

    #[test]
    fn grouping() {
        assert_eq!(group("123456789", 3, " "), "123 456 789");
        assert_eq!(group("1234567890", 4, "-"), "1234-5678-90");
    }

    #[test]
    fn roughening_never_touches_placeholders() {
        let mut rng = R::seed_from_u64(2);
        let style = Style {
            lowercase: true,
            no_punctuation: true,
            typos: 1.0,
            newlines: false,
        };
        for lang in [&EN, &DE, &ES, &FR] {
            for t in lang.scam_phone.iter().chain(lang.site).chain(lang.pay) {
                for _ in 0..20 {
                    let r = roughen(&mut rng, t, style);
                    for key in ["{x}", "{amount}", "{date}", "{method}", "{brand}", "{time}"] {
                        assert_eq!(r.contains(key), t.contains(key), "{t} -> {r}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_table_is_non_empty() {
        for lang in [&EN, &DE, &ES, &FR] {
            for c in ["popup", "phone_call", "email", "sms", "web_ad", "social"] {
                assert!(!lang.opener(c).is_empty(), "{} {c}", lang.code);
            }
            for s in [
                Slot::ScamPhone,
                Slot::IncomingPhone,
                Slot::MobilePhone,
                Slot::Site,
                Slot::Email,
                Slot::RemoteScam,
                Slot::RemoteOwn,
                Slot::Wallet,
                Slot::Iban,
                Slot::GiftCard,
                Slot::OwnPhone,
                Slot::OwnEmail,
                Slot::OfficialPhone,
                Slot::OfficialSite,
                Slot::UnrelatedPhone,
                Slot::UnrelatedSite,
            ] {
                assert!(!lang.slot(s).is_empty(), "{} {s:?}", lang.code);
            }
            for t in [
                lang.story,
                lang.pay,
                lang.no_pay,
                lang.negatives,
                lang.close,
                lang.noise,
                lang.other_scam,
                lang.remote_label,
                lang.gift_label,
            ] {
                assert!(!t.is_empty(), "{}", lang.code);
            }
        }
    }
}
