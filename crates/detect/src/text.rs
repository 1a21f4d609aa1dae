//! Scam-language signals: the phrases of tech-support and refund scams in pop-ups, e-mails,
//! SMS and call scripts, in English, German, Spanish and French.
//!
//! Each [`Signal`] has a code, a weight and an explanation in the four languages. Its
//! patterns (case-insensitive regular expressions, accents optional where people drop them)
//! are matched whatever the language of the text, because a victim may paste a German
//! pop-up into the English page. Matching is one pass of a `RegexSet` over the text
//! (linear in its length); excerpts are extracted only for the signals that fired.
//!
//! A match preceded closely by a negation (`never buy gift cards`, `nunca compre`, `keinen
//! Fernzugriff`) does not count: advice texts quote the scam's words.
//!
//! Score: the signals combine as independent evidence, `1 - Π(1 - weight)`. A text scoring
//! 0.45 or more counts as scam language (threshold chosen by F1 on the training split only,
//! then measured on the held-out split; see
//! `docs/DETECTION.md`).

use regex::{Regex, RegexSet};

use crate::lang::{Lang, Text4};

/// A named scam-language signal.
#[derive(Debug)]
pub struct Signal {
    pub code: &'static str,
    pub weight: f32,
    pub explanation: Text4,
    patterns: &'static [&'static str],
}

/// A signal that fired on a text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignalHit {
    pub code: String,
    pub weight: f32,
    /// Why it matters, in the requested language.
    pub explanation: String,
    /// The first matching words of the text (at most 80 characters).
    pub excerpt: String,
}

/// The signals found in a text and their combined score.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct TextAnalysis {
    pub score: f32,
    pub signals: Vec<SignalHit>,
}

/// Score at or above which a text is scam language.
pub const SCAM_THRESHOLD: f32 = 0.45;

/// The signal table. Weights are documented (and justified) in docs/DETECTION.md.
pub static SIGNALS: &[Signal] = &[
    Signal {
        code: "device_infected",
        weight: 0.35,
        explanation: [
            "Claims your device is infected. Websites and callers cannot see viruses on your computer.",
            "Behauptet, Ihr Gerät sei infiziert. Websites und Anrufer können keine Viren auf Ihrem Computer sehen.",
            "Afirma que su dispositivo está infectado. Ni las webs ni quien llama pueden ver virus en su ordenador.",
            "Prétend que votre appareil est infecté. Un site web ou un appelant ne peut pas voir de virus sur votre ordinateur.",
        ],
        patterns: &[
            r"(?i)\b(?:ist|sei|war)\s+mit\s+(?:\S+\s+){1,3}infiziert\b",
            r"(?i)\b(?:pc|computer|rechner|ordenador|ordinateur|mac|iphone)\s+(?:sei|ist|war|estaba|[ée]tait)\s+(?:\w+\s+)?(?:infiziert|infectad[oa]|infect[ée]e?)\b",
            r"(?i)\b(?:system|computer|pc|sistema|syst[eè]me|ordinateur)\s+(?:\w+\s+){0,2}(?:damaged|besch[äa]digt|da[ñn]ad[oa]|endommag[ée]e?)\b",
            r"(?i)\b(?:is|has been|was|got|are|were)\s+(?:seriously\s+|severely\s+)?infected\b",
            r"(?i)\b(?:virus(?:es)?|trojan|spyware|malware|ransomware|zeus)\s+(?:has\s+been\s+|have\s+been\s+|was\s+|were\s+)?(?:detected|found)\b",
            r"(?i)\binfected\s+with\b",
            r"(?i)\b(?:ist|wurde|sind|wurden)\s+(?:mit\s+\w+\s+)?infiziert\b",
            r"(?i)\b(?:virus|viren|trojaner|schadsoftware)\s+(?:wurden?\s+)?(?:gefunden|entdeckt|erkannt)\b",
            r"(?i)\b(?:est[aá]|ha\s+sido|fue|est[aá]n)\s+(?:gravemente\s+)?infectad[oa]s?\b",
            r"(?i)\b(?:virus|troyano|malware)\s+(?:ha\s+sido\s+)?detectados?\b",
            r"(?i)\b(?:est|a\s+[ée]t[ée]|sont)\s+(?:gravement\s+)?infect[ée]e?s?\b",
            r"(?i)\b(?:virus|cheval\s+de\s+troie|logiciel\s+malveillant)\s+(?:a\s+[ée]t[ée]\s+)?d[ée]tect[ée]s?\b",
        ],
    },
    Signal {
        code: "device_locked",
        weight: 0.35,
        explanation: [
            "Says your computer or account is locked and must be unlocked by calling. Real systems never ask you to phone anyone to unlock them.",
            "Behauptet, Computer oder Konto seien gesperrt und nur per Anruf zu entsperren. Echte Systeme verlangen nie einen Anruf zum Entsperren.",
            "Dice que su ordenador o cuenta está bloqueado y que hay que llamar para desbloquearlo. Los sistemas reales nunca piden llamar para desbloquear.",
            "Affirme que votre ordinateur ou compte est bloqué et qu'il faut appeler pour le débloquer. Les vrais systèmes ne demandent jamais d'appeler.",
        ],
        patterns: &[
            r"(?i)\b(?:wurde|ist|wird)\s+(?:\w+\s+){0,5}(?:gesperrt|blockiert)\b",
            r"(?i)\b(?:account|konto|cuenta|compte)\s+(?:\w+\s+){0,3}(?:suspended|gesperrt|suspendid[oa]|suspendu|locked|bloqu[ée])",
            r"(?i)\b(?:has\s+been|is|was|have\s+been)\s+(?:temporarily\s+|permanently\s+)?(?:locked|blocked|suspended|disabled)\b",
            r"(?i)\baccess\s+(?:to\s+(?:this|your)\s+\w+\s+)?(?:has\s+been\s+|is\s+)?(?:blocked|denied|restricted)\b",
            r"(?i)\b(?:wurde|ist|wurden|sind)\s+(?:vor[üu]bergehend\s+)?(?:gesperrt|blockiert|deaktiviert)\b",
            r"(?i)\b(?:ha\s+sido|est[aá]|fue)\s+(?:temporalmente\s+)?(?:bloquead[oa]|suspendid[oa]|desactivad[oa])\b",
            r"(?i)\b(?:a\s+[ée]t[ée]|est)\s+(?:temporairement\s+)?(?:bloqu[ée]e?|verrouill[ée]e?|suspendue?|d[ée]sactiv[ée]e?)\b",
        ],
    },
    Signal {
        code: "do_not_shut_down",
        weight: 0.4,
        explanation: [
            "Tells you not to turn off or restart your computer. This keeps you on the scam page; closing the browser or restarting is safe.",
            "Fordert Sie auf, den Computer nicht auszuschalten oder neu zu starten. So sollen Sie auf der Betrugsseite bleiben; Schließen oder Neustarten ist sicher.",
            "Le pide que no apague ni reinicie el ordenador. Así le retienen en la página fraudulenta; cerrar o reiniciar es seguro.",
            "Vous demande de ne pas éteindre ni redémarrer l'ordinateur. Cela vous retient sur la page frauduleuse ; fermer ou redémarrer est sans danger.",
        ],
        patterns: &[
            r"(?i)\b(?:do\s+not|don'?t|never)\s+(?:turn\s+off|shut\s*down|restart|reboot|close|ignore)\b",
            r"(?i)\b(?:schalten|fahren|starten)\s+sie\s+(?:ihren|den|das)?\s*\w*\s*nicht\b",
            r"(?i)\bnicht\s+(?:aus(?:schalten)?|herunterfahren|neu\s+starten|schlie(?:ß|ss)en)\b",
            r"(?i)\bno\s+(?:apague|reinicie|cierre|ignore|apagues|reinicies|cierres)\b",
            r"(?i)\bn['’]\s*(?:[ée]teignez|ignorez)\s+pas\b",
            r"(?i)\bne\s+(?:red[ée]marrez|fermez|quittez)\s+pas\b",
        ],
    },
    Signal {
        code: "call_support",
        weight: 0.35,
        explanation: [
            "Asks you to call a 'support' number. Microsoft, Apple and Amazon error messages never contain a phone number.",
            "Fordert Sie auf, eine 'Support'-Nummer anzurufen. Fehlermeldungen von Microsoft, Apple und Amazon enthalten nie eine Telefonnummer.",
            "Le pide llamar a un número de 'soporte'. Los mensajes de error de Microsoft, Apple y Amazon nunca incluyen un teléfono.",
            "Vous demande d'appeler un numéro « d'assistance ». Les messages d'erreur de Microsoft, Apple et Amazon ne contiennent jamais de numéro.",
        ],
        patterns: &[
            r"(?i)\bcall\s+(?:us\s+|now\s+|immediately\s+)*(?:at\s+|on\s+)?[+(]?\d[\d\s().-]{6,}",
            r"(?i)\b(?:rufen|kontaktieren)\s+sie\b[^.!?\n]{0,60}?(?:support|kundendienst|hotline|techniker|abteilung)",
            r"(?i)\brufen\s+sie\s+(?:\S+\s+){0,3}\+?\d[\d\s/-]{6,}",
            r"(?i)\bll[aá]m(?:e|enos|anos)\b[^.!?\n]{0,60}?(?:\+?\d[\d\s]{6,}|soporte|t[ée]cnicos|servicio)",
            r"(?i)\bappelez(?:-nous)?\b[^.!?\n]{0,60}?(?:\+?\d[\d\s]{6,}|support|technicien|assistance|service|maintenant|imm[ée]diatement)",
            r"(?i)\b(?:by\s+calling|telefonisch\s+unter|llamando\s+al|en\s+appelant\s+le)\s+\+?\d",
            r"(?i)\bcall\s+(?:us\s+|now\s+|immediately\s+|the\s+|our\s+)*(?:microsoft|windows|apple|amazon|paypal|google|norton|mcafee|geek\s*squad)?\s*(?:certified\s+)?(?:support|help\s*desk|helpline|technicians?|toll[\s-]?free|customer\s+(?:care|service)|security\s+(?:team|department))",
            r"(?i)\bcall\s+(?:us\s+|now\s+|immediately\s+)*(?:at|on)\s*[+(]?\d",
            r"(?i)\bcontact\s+(?:microsoft|windows|apple|amazon)?\s*(?:support|technicians?)\s+(?:at|on|immediately|now)\b",
            r"(?i)\b(?:rufen|kontaktieren)\s+sie\s+(?:uns\s+|sofort\s+|umgehend\s+|jetzt\s+)*(?:den\s+|die\s+)?(?:microsoft|windows|apple|amazon|paypal)?[\s-]*(?:support|kundendienst|hotline|techniker|sicherheitsabteilung|an)\b",
            r"(?i)\b(?:unter\s+der\s+(?:kostenlosen\s+)?nummer|unter)\s+\+?\d[\d\s]{6,}\s+an\b",
            r"(?i)\bll[aá]m(?:e|enos|anos)\s+(?:ahora\s+|inmediatamente\s+|urgentemente\s+)*(?:al|a\s+(?:nuestro|su)|gratis|al\s+n[uú]mero|a\s+soporte|al\s+soporte)\b",
            r"(?i)\bcontacte?\s+(?:con\s+)?(?:el\s+)?(?:soporte|servicio\s+t[ée]cnico)\s+(?:de\s+)?(?:microsoft|windows|apple|amazon)?\b",
            r"(?i)\bappelez\s+(?:imm[ée]diatement\s+|maintenant\s+|vite\s+|sans\s+attendre\s+)*(?:le\s+|notre\s+|un\s+)?(?:support|service|technicien|assistance|num[ée]ro|\+?\d)",
            r"(?i)\bcontactez\s+(?:imm[ée]diatement\s+)?(?:le\s+)?(?:support|service\s+technique|assistance)\s+(?:microsoft|windows|apple|amazon)?\b",
        ],
    },
    Signal {
        code: "gift_card_payment",
        weight: 0.4,
        explanation: [
            "Asks for payment in gift cards. No company or authority takes gift cards as payment for support, fees or refunds.",
            "Verlangt Zahlung mit Gutschein- oder Guthabenkarten. Kein Unternehmen und keine Behörde nimmt solche Karten als Zahlung an.",
            "Pide el pago con tarjetas regalo. Ninguna empresa ni autoridad acepta tarjetas regalo como pago.",
            "Demande un paiement en cartes cadeaux ou coupons. Aucune entreprise ni administration n'accepte ce mode de paiement.",
        ],
        patterns: &[
            r"(?i)\b(?:google\s+play|itunes|apple|steam|amazon|ebay|target|walmart|razer\s+gold|vanilla|visa)\s+(?:gift\s+)?cards?\b",
            r"(?i)\bgift\s*cards?\b",
            r"(?i)\b(?:the\s+)?(?:card\s+)?(?:codes?|numbers?)\s+(?:on|from|behind)\s+the\s+(?:back\s+of\s+the\s+)?cards?\b",
            r"(?i)\bscratch\s+(?:off\s+)?the\s+(?:back|code|silver)",
            r"(?i)\b(?:guthaben|geschenk|gutschein|google[\s-]play|itunes|steam|amazon|paysafe)[\s-]?karten?\b",
            r"(?i)\bpaysafecard\b",
            r"(?i)\btarjetas?\s+(?:de\s+)?(?:regalo|prepago|google\s+play|itunes|steam|amazon)\b",
            r"(?i)\bcartes?\s+(?:cadeaux?|pr[ée]pay[ée]es?|google\s+play|itunes|steam|amazon)\b",
            r"(?i)\b(?:coupons?|tickets?)\s+(?:pcs|transcash|neosurf|toneo)\b",
            r"(?i)\b(?:pcs|transcash|neosurf)\s+(?:mastercard|coupons?)\b",
        ],
    },
    Signal {
        code: "crypto_payment",
        weight: 0.4,
        explanation: [
            "Asks for payment in cryptocurrency or at a Bitcoin ATM. Such payments cannot be reversed; legitimate support never asks for them.",
            "Verlangt Zahlung in Kryptowährung oder am Bitcoin-Automaten. Solche Zahlungen sind unumkehrbar; echter Support verlangt sie nie.",
            "Pide el pago en criptomonedas o en un cajero de bitcoin. Son irreversibles; ningún soporte legítimo los pide.",
            "Demande un paiement en cryptomonnaie ou dans un distributeur de bitcoins. Irréversible ; aucune assistance légitime ne le demande.",
        ],
        patterns: &[
            r"(?i)\bbitcoin\s*(?:atm|automat|kiosk|machine)s?\b",
            r"(?i)\b(?:pay|send|deposit|transfer|buy|convert)\w*\s+(?:\w+\s+){0,4}(?:bitcoins?|btc|crypto(?:currency)?|usdt|tether|ethereum|eth)\b",
            r"(?i)\bin\s+(?:bitcoins?|btc|krypto(?:w[äa]hrung)?|crypto(?:monnaie|moneda)?s?|usdt)\b",
            r"(?i)\b(?:bitcoin|krypto)[\s-]?(?:automaten?|geldautomaten?|wallet)\b",
            r"(?i)\bcajeros?\s+(?:de\s+)?(?:bitcoin|criptomonedas)\b",
            r"(?i)\bdistributeurs?\s+(?:de\s+)?(?:bitcoins?|crypto)\b",
            r"(?i)\b(?:wallet|adresse|direcci[oó]n|adresse)\s+(?:bitcoin|btc)\b",
        ],
    },
    Signal {
        code: "remote_access",
        weight: 0.35,
        explanation: [
            "Asks you to install or open remote-access software (AnyDesk, TeamViewer…). Whoever has the code controls your computer and your online banking.",
            "Fordert Sie auf, Fernwartungssoftware (AnyDesk, TeamViewer…) zu installieren. Wer den Code hat, steuert Ihren Computer und Ihr Online-Banking.",
            "Le pide instalar un programa de acceso remoto (AnyDesk, TeamViewer…). Quien tiene el código controla su ordenador y su banca online.",
            "Vous demande d'installer un logiciel de prise en main à distance (AnyDesk, TeamViewer…). Qui a le code contrôle votre ordinateur et votre banque en ligne.",
        ],
        patterns: &[
            r"(?i)\b(?:anydesk|teamviewer|ultraviewer|supremo|ammyy|rustdesk|logmein|screenconnect|zoho\s+assist|quick\s*assist|remotepc|splashtop)\b",
            r"(?i)\b(?:remote\s+(?:access|control|session|desktop\s+app)|access\s+(?:to\s+)?your\s+(?:computer|pc)\s+remotely)\b",
            r"(?i)\b(?:fernwartung|fernzugriff|fernsteuerung)\w*\b",
            r"(?i)\b(?:acceso|control)\s+remoto\b",
            r"(?i)\b(?:prise\s+en\s+main|contr[ôo]le|acc[eè]s)\s+[àa]\s+distance\b",
        ],
    },
    Signal {
        code: "refund_or_charge",
        weight: 0.35,
        explanation: [
            "Claims an unexpected charge or refund and asks you to call or log in to cancel it. Check your account yourself, never through the number or link given.",
            "Behauptet eine unerwartete Abbuchung oder Erstattung und fordert Anruf oder Login zur Stornierung. Prüfen Sie Ihr Konto selbst, nie über die genannte Nummer oder den Link.",
            "Alega un cargo o reembolso inesperado y pide llamar o iniciar sesión para anularlo. Compruebe su cuenta usted mismo, nunca con el número o enlace dados.",
            "Évoque un prélèvement ou un remboursement inattendu et demande d'appeler ou de se connecter pour l'annuler. Vérifiez votre compte vous-même, jamais via le numéro ou le lien donné.",
        ],
        patterns: &[
            r"(?i)\b(?:you\s+(?:were|have\s+been|will\s+be)|has\s+been|will\s+be)\s+(?:charged|debited|billed)\b",
            r"(?i)\b(?:auto[\s-]?renew(?:al|ed)?|renewal|subscription|purchase|order)\s+(?:of|for|amount(?:ing)?\s+to)\s+(?:usd\s*|eur\s*|\$|€|£)\s*\d",
            r"(?i)\b(?:to\s+)?(?:cancel|dispute)\s+(?:this|the|your)\s+(?:order|transaction|subscription|renewal|charge|payment)\b",
            r"(?i)\b(?:refund(?:ed)?\s+(?:too\s+much|by\s+mistake|the\s+extra)|overpaid|overpayment|extra\s+(?:zero|money)|(?:mistakenly|accidentally)\s+(?:sent|refunded|transferred|credited))\b",
            r"(?i)\b(?:wurden?|wird)\s+(?:ihnen\s+|ihrem\s+konto\s+)?(?:\d+[.,]?\d*\s*(?:€|eur|euro)\s+)?(?:berechnet|abgebucht|belastet)\b",
            r"(?i)\b(?:zu\s+viel\s+(?:erstattet|überwiesen|ueberwiesen)|versehentlich\s+(?:überwiesen|ueberwiesen|erstattet))\b",
            r"(?i)\bse\s+(?:le\s+)?(?:ha|han|va\s+a|van\s+a)\s+(?:cobrad|cargad|cobrar|cargar)\w*",
            r"(?i)\b(?:reembols\w+\s+(?:de\s+m[aá]s|por\s+error)|por\s+error\s+(?:le\s+)?(?:enviamos|transferimos|reembolsamos))\b",
            r"(?i)\b(?:vous\s+avez\s+[ée]t[ée]|sera|a\s+[ée]t[ée])\s+(?:d[ée]bit[ée]e?|factur[ée]e?|pr[ée]lev[ée]e?)\b",
            r"(?i)\b(?:rembours[ée]\s+(?:en\s+trop|par\s+erreur)|trop[\s-]per[çc]u|vir[ée]\s+par\s+erreur)\b",
        ],
    },
    Signal {
        code: "urgency",
        weight: 0.15,
        explanation: [
            "Pushes you to act immediately. Pressure is how scammers stop you from thinking or asking someone.",
            "Drängt Sie zu sofortigem Handeln. Mit Zeitdruck verhindern Betrüger, dass Sie nachdenken oder jemanden fragen.",
            "Le presiona para actuar de inmediato. La prisa impide pensar o consultar a alguien.",
            "Vous pousse à agir immédiatement. L'urgence empêche de réfléchir ou de demander conseil.",
        ],
        patterns: &[
            r"(?i)\b(?:immediately|urgent(?:ly)?|right\s+now|act\s+now|final\s+(?:warning|notice)|within\s+(?:the\s+next\s+)?\d+\s+(?:minutes|hours))\b",
            r"(?i)\b(?:sofort|umgehend|dringend|unverz[üu]glich|letzte\s+(?:warnung|mahnung)|innerhalb\s+(?:von\s+)?\d+\s+(?:minuten|stunden))\b",
            r"(?i)\b(?:inmediatamente|urgente(?:mente)?|de\s+inmediato|[uú]ltimo\s+aviso|en\s+(?:las\s+pr[oó]ximas\s+)?\d+\s+(?:minutos|horas))\b",
            r"(?i)(?:\bimm[ée]diatement|\burgent(?:e|ement)?\b|\bdernier\s+avertissement|\bsous\s+\d+\s+(?:minutes|heures))",
        ],
    },
    Signal {
        code: "fake_error_code",
        weight: 0.25,
        explanation: [
            "Shows an official-looking error code (such as 0x80070424 or #DW6VY5) to seem technical. Genuine error codes never come with a phone number to call.",
            "Zeigt einen offiziell wirkenden Fehlercode (z. B. 0x80070424 oder #DW6VY5). Echte Fehlercodes kommen nie mit einer Telefonnummer.",
            "Muestra un código de error de aspecto oficial (como 0x80070424 o #DW6VY5). Los códigos reales nunca vienen con un teléfono.",
            "Affiche un code d'erreur d'apparence officielle (comme 0x80070424 ou #DW6VY5). Les vrais codes d'erreur ne sont jamais accompagnés d'un numéro.",
        ],
        patterns: &[
            r"(?i)\b0x8[0-9a-f]{7}\b",
            r"(?i)(?:error|fehler|erreur|c[oó]digo\s+de\s+error|code\s+d['’]erreur)\s*(?:code|nummer)?\s*[:#]?\s*#?(?:dw6vy5|268d3|0x\w+|[a-z]*\d[a-z0-9]{3,}\b)",
            r"(?i)\b(?:blue\s*screen|bsod|pantalla\s+azul|[ée]cran\s+bleu|bluescreen)\b",
        ],
    },
    Signal {
        code: "data_theft_claim",
        weight: 0.25,
        explanation: [
            "Claims your passwords, bank or card details are being stolen. This fear is used to make you call or pay.",
            "Behauptet, Ihre Passwörter, Bank- oder Kartendaten würden gestohlen. Diese Angst soll Sie zum Anruf oder zur Zahlung bewegen.",
            "Afirma que le están robando contraseñas o datos bancarios. Ese miedo busca que llame o pague.",
            "Affirme que vos mots de passe ou coordonnées bancaires sont volés. Cette peur sert à vous faire appeler ou payer.",
        ],
        patterns: &[
            r"(?i)\b(?:hackers?|pirates|cybercriminels|cyberkriminelle)\s+(?:\w+\s+){0,2}(?:have|haben|tienen|ont|y\s+ont)\s+(?:\w+\s+)?(?:access|zugriff|acceso|acc[eè]s)",
            r"(?i)\b(?:passwords?|credit\s+cards?|bank(?:ing)?\s+(?:details|information|data|account)|personal\s+(?:data|information)|identity)\s+(?:\w+\s+){0,3}(?:stolen|compromised|at\s+risk|exposed|being\s+(?:stolen|tracked|accessed))\b",
            r"(?i)\b(?:hackers?|cybercriminals?)\s+(?:are|have|has|is)\s+(?:\w+\s+){0,2}(?:accessing|stealing|access|control|hacked|tracking)\b",
            r"(?i)\b(?:passw[öo]rter|bankdaten|kreditkarten(?:daten)?|pers[öo]nliche\s+daten|zugangsdaten)\s+(?:\w+\s+){0,3}(?:gestohlen|gef[äa]hrdet|kompromittiert|ausgesp[äa]ht)\b",
            r"(?i)\b(?:contrase[ñn]as|datos\s+bancarios|tarjetas?\s+de\s+cr[eé]dito|datos\s+personales)\s+(?:\w+\s+){0,3}(?:robad|comprometid|en\s+riesgo|expuest)\w*",
            r"(?i)\b(?:mots\s+de\s+passe|coordonn[ée]es\s+bancaires|cartes?\s+bancaires?|donn[ée]es\s+personnelles)\s+(?:\w+\s+){0,3}(?:vol[ée]e?s|compromis|en\s+danger|expos[ée]e?s)\b",
        ],
    },
    Signal {
        code: "caller_claims_brand",
        weight: 0.45,
        explanation: [
            "A caller says they are from Microsoft, Apple, Amazon or your provider and found a problem. These companies never call you unsolicited about your computer.",
            "Ein Anrufer gibt sich als Microsoft, Apple, Amazon oder Ihr Provider aus. Diese Firmen rufen nie unaufgefordert wegen Ihres Computers an.",
            "Alguien llama diciendo ser de Microsoft, Apple, Amazon o su proveedor. Estas empresas nunca llaman sin que usted lo pida.",
            "Un appelant dit venir de Microsoft, Apple, Amazon ou de votre fournisseur. Ces entreprises ne vous appellent jamais spontanément.",
        ],
        patterns: &[
            r"(?i)\b(?:i\s+am|i'm|we\s+are|this\s+is)\s+(?:\w+\s+)?(?:calling\s+)?(?:from|with)\s+(?:the\s+)?(?:microsoft|windows|apple|amazon|paypal|your\s+(?:internet|broadband)\s+provider|technical\s+department)",
            r"(?i)\bwe\s+(?:have\s+)?(?:detected|received|noticed)\s+(?:\w+\s+){0,3}(?:errors?|alerts?|signals?|warnings?|activity|reports?)\s+(?:coming\s+)?from\s+your\s+(?:computer|pc|ip|device|router|network)",
            r"(?i)\b(?:ich\s+rufe|wir\s+rufen)\s+(?:sie\s+)?(?:im\s+auftrag\s+)?von\s+(?:microsoft|windows|apple|amazon|ihrem\s+provider)",
            r"(?i)\b(?:le\s+llamo|le\s+llamamos|llamo)\s+(?:de(?:sde)?|de\s+parte\s+de)\s+(?:microsoft|windows|apple|amazon|su\s+proveedor)",
            r"(?i)\bje\s+vous\s+appelle\s+(?:de\s+la\s+part\s+de|de|du\s+service)\s+(?:microsoft|windows|apple|amazon|votre\s+fournisseur|technique)",
            r"(?i)\bwe\s+(?:have\s+)?(?:detected|noticed|received)\s+(?:suspicious|unusual)\s+(?:activity|purchases?)\b.*\b(?:press\s+1|call)\b",
        ],
    },
    Signal {
        code: "secrecy",
        weight: 0.4,
        explanation: [
            "Tells you to keep it secret or not to hang up, not even from your bank. Scammers isolate victims; talk to someone you trust.",
            "Verlangt Geheimhaltung oder nicht aufzulegen, sogar gegenüber Ihrer Bank. Betrüger isolieren Opfer; sprechen Sie mit einer Vertrauensperson.",
            "Le pide guardar secreto o no colgar, incluso ante su banco. Los estafadores aíslan a la víctima; hable con alguien de confianza.",
            "Vous demande le secret ou de ne pas raccrocher, même face à votre banque. Les escrocs isolent leurs victimes ; parlez-en à un proche.",
        ],
        patterns: &[
            r"(?i)\bniemandem\s+(?:davon\s+)?(?:erz[äa]hlen|sagen)",
            r"(?i)\bno\s+(?:dec[ií]rselo|se\s+lo\s+cuente|contarlo)\s+a\s+nadie",
            r"(?i)\bn['’]en\s+parler\s+[àa]\s+personne",
            r"(?i)\bne\s+dites\s+rien\s+[àa]\s+personne",
            r"(?i)\b(?:do\s+not|don'?t)\s+(?:tell|inform|talk\s+to|speak\s+to)\s+(?:anyone|anybody|your\s+(?:bank|family|kids|children)|the\s+bank)",
            r"(?i)\b(?:do\s+not|don'?t)\s+hang\s+up\b",
            r"(?i)\b(?:keep\s+(?:this|it)\s+(?:confidential|secret|between\s+us)|bank\s+(?:staff|employees)\s+(?:are|is)\s+involved)\b",
            r"(?i)\b(?:sagen|erz[äa]hlen)\s+sie\s+(?:niemandem|ihrer\s+bank|keinem)\b",
            r"(?i)\blegen\s+sie\s+nicht\s+auf\b",
            r"(?i)\bno\s+(?:le\s+)?(?:diga|cuente|comente)\s+(?:nada\s+)?(?:a\s+nadie|a\s+su\s+banco)\b",
            r"(?i)\bno\s+cuelgue\b",
            r"(?i)\bne\s+(?:dites|parlez)\s+(?:rien\s+)?(?:[àa]\s+personne|[àa]\s+votre\s+banque)\b",
            r"(?i)\bne\s+raccrochez\s+pas\b",
        ],
    },
    Signal {
        code: "unusual_payment",
        weight: 0.3,
        explanation: [
            "Asks you to move money by wire, money transfer or to a 'safe account'. No bank or company asks you to move your savings to protect them.",
            "Verlangt eine Überweisung, Bargeldtransfer oder auf ein 'sicheres Konto'. Keine Bank verlangt, Ersparnisse zu deren Schutz zu verschieben.",
            "Pide transferir dinero o moverlo a una 'cuenta segura'. Ningún banco pide mover sus ahorros para protegerlos.",
            "Demande un virement, un transfert d'argent ou de placer l'argent sur un « compte sécurisé ». Aucune banque ne le demande.",
        ],
        patterns: &[
            r"(?i)\b(?:western\s+union|moneygram|ria\s+money|zelle\s+(?:payment|transfer))\b",
            r"(?i)\b(?:safe|secure|protected)\s+account\b",
            r"(?i)\b(?:sicheres|gesch[üu]tztes)\s+konto\b",
            r"(?i)\bcuenta\s+(?:segura|protegida)\b",
            r"(?i)\bcompte\s+(?:s[ée]curis[ée]|prot[ée]g[ée])\b",
            r"(?i)\b(?:withdraw|take\s+out)\s+(?:\w+\s+){0,2}cash\b",
        ],
    },
    Signal {
        code: "license_expired",
        weight: 0.2,
        explanation: [
            "Claims your software licence or protection expired and must be renewed by phone. Renew only inside the product or on the vendor's own site.",
            "Behauptet, Lizenz oder Schutz sei abgelaufen und telefonisch zu verlängern. Verlängern Sie nur im Produkt oder auf der Website des Herstellers.",
            "Afirma que su licencia o protección ha caducado y debe renovarse por teléfono. Renueve solo desde el producto o la web oficial.",
            "Prétend que votre licence ou protection a expiré et doit être renouvelée par téléphone. Renouvelez uniquement dans le produit ou sur le site officiel.",
        ],
        patterns: &[
            r"(?i)\b(?:licen[cs]e|lizenz|licencia|abonnement|subscription)\s+(?:\w+\s+){0,3}(?:sei|ist|ha|hab[ií]a|avait|a|has)\s+(?:abgelaufen|caducado|expirado|expir[ée]e?|expired)\b",
            r"(?i)\b(?:lizenz\w*|licencia|licence)\s+(?:\w+\s+){0,3}(?:abgelaufen|caducado|expirado|expir[ée]e?)\b",
            r"(?i)\b(?:licen[cs]e|subscription|protection|key)\s+(?:has\s+|is\s+)?expired\b",
            r"(?i)\b(?:lizenz|abonnement|schutz)\s+(?:ist\s+)?abgelaufen\b",
            r"(?i)\b(?:licencia|suscripci[oó]n|protecci[oó]n)\s+(?:ha\s+)?(?:caducado|expirado|vencido)\b",
            r"(?i)\b(?:licence|abonnement|protection)\s+(?:a\s+)?expir[ée]e?\b",
        ],
    },
    Signal {
        code: "fake_scan_result",
        weight: 0.3,
        explanation: [
            "Shows a 'scan' that found threats. A web page cannot scan your computer.",
            "Zeigt einen 'Scan', der Bedrohungen gefunden hat. Eine Webseite kann Ihren Computer nicht scannen.",
            "Muestra un 'análisis' que encontró amenazas. Una página web no puede analizar su ordenador.",
            "Affiche une « analyse » ayant trouvé des menaces. Une page web ne peut pas analyser votre ordinateur.",
        ],
        patterns: &[
            r"(?i)\bse\s+han\s+detectado\s+\d+\s+(?:virus|amenazas)",
            r"(?i)\b\d+\s+(?:virus|menaces|viren|viruses|threats)\s+(?:ont\s+[ée]t[ée]|wurden|were|have\s+been)\s+(?:d[ée]tect[ée]s|gefunden|found|detected)",
            r"(?i)\b\d+\s+(?:threats?|viruses|infections|malicious\s+(?:files|programs))\s+(?:\w+\s+)?(?:found|detected)\b",
            r"(?i)\bscan(?:ning)?\s+(?:complete|completed|results?|in\s+progress)\b",
            r"(?i)\b\d+\s+(?:bedrohungen|viren|infektionen)\s+(?:\w+\s+)?(?:gefunden|erkannt|entdeckt)\b",
            r"(?i)\b\d+\s+(?:amenazas|virus|infecciones)\s+(?:\w+\s+)?(?:encontrad|detectad)\w*",
            r"(?i)\b\d+\s+(?:menaces|virus|infections)\s+(?:\w+\s+)?(?:trouv[ée]e?s|d[ée]tect[ée]e?s)\b",
            r"(?i)\b(?:analyse|an[aá]lisis|[üu]berpr[üu]fung)\s+(?:termin[ée]e|completad[oa]|abgeschlossen)\b",
        ],
    },
    Signal {
        code: "brand_security_claim",
        weight: 0.15,
        explanation: [
            "Presents itself as a brand's security centre or technician. Brands do not contact you this way; check on their own site.",
            "Gibt sich als Sicherheitszentrum oder Techniker einer Marke aus. Marken kontaktieren Sie nicht so; prüfen Sie auf deren eigener Website.",
            "Se presenta como centro de seguridad o técnico de una marca. Las marcas no contactan así; compruébelo en su web oficial.",
            "Se présente comme centre de sécurité ou technicien d'une marque. Les marques ne vous contactent pas ainsi ; vérifiez sur leur site officiel.",
        ],
        patterns: &[
            r"(?i)\b(?:certified\s+(?:apple|microsoft|windows)\s+technicians|zertifizierte\s+(?:apple|microsoft)[\s-]techniker|t[ée]cnicos\s+certificados\s+de\s+(?:apple|microsoft)|techniciens\s+certifi[ée]s\s+(?:apple|microsoft))",
            r"(?i)\b(?:microsoft|windows|apple|amazon|norton|mcafee)\s+(?:defender\s+)?(?:security|certified|support)\s*(?:center|centre|technicians?|team|department|alert|warning)\b",
            r"(?i)\b(?:windows|microsoft)[\s-]+(?:defender[\s-]+)?(?:sicherheits(?:warnung|center|zentrum)|techniker|support[\s-]?team)\b",
            r"(?i)\b(?:centro\s+de\s+seguridad|t[ée]cnico\s+certificado|alerta\s+de\s+seguridad)\s+(?:de\s+)?(?:microsoft|windows|apple)\b",
            r"(?i)\b(?:centre\s+de\s+s[ée]curit[ée]|technicien\s+certifi[ée]|alerte\s+de\s+s[ée]curit[ée])\s+(?:de\s+)?(?:microsoft|windows|apple)\b",
        ],
    },
    Signal {
        code: "not_you_call",
        weight: 0.3,
        explanation: [
            "Says 'if this wasn't you, call us'. Fake order and payment alerts use it to make you phone the scammers; check in the official app instead.",
            "Sagt 'Waren Sie das nicht? Rufen Sie uns an'. Gefälschte Bestell- und Zahlungswarnungen locken so zum Anruf; prüfen Sie stattdessen in der offiziellen App.",
            "Dice '¿No fue usted? Llámenos'. Las falsas alertas de pedidos y pagos buscan que llame a los estafadores; compruébelo en la app oficial.",
            "Dit « Ce n'est pas vous ? Appelez-nous ». Les fausses alertes de commande ou de paiement veulent vous faire appeler ; vérifiez dans l'application officielle.",
        ],
        patterns: &[
            r"(?i)\b(?:not\s+you|wasn'?t\s+you|was\s+not\s+you)\s*[?!.,]",
            r"(?i)\bif\s+you\s+(?:did\s+not|didn'?t)\s+(?:make|authori[sz]e|place|request)\b",
            r"(?i)\b(?:waren\s+sie\s+das\s+nicht|nicht\s+(?:von\s+ihnen\s+)?veranlasst|nicht\s+get[äa]tigt)\b",
            r"(?i)(?:¿\s*)?no\s+fue\s+usted|\bsi\s+(?:usted\s+)?no\s+(?:realiz[oó]|autoriz[oó]|hizo)\b",
            r"(?i)\bce\s+n['’]est\s+pas\s+vous|\bsi\s+vous\s+n['’](?:[êe]tes\s+pas\s+[àa]\s+l['’]origine|avez\s+pas\s+(?:effectu[ée]|autoris[ée]))",
        ],
    },
    Signal {
        code: "verify_identity",
        weight: 0.25,
        explanation: [
            "Demands that you verify your identity or payment details through a message. Log in through the official app or site you already use, never through the message.",
            "Verlangt, Identität oder Zahlungsdaten über die Nachricht zu bestätigen. Melden Sie sich nur über die offizielle App oder Website an, nie über die Nachricht.",
            "Exige verificar su identidad o sus datos de pago a través del mensaje. Entre solo por la app o web oficial, nunca desde el mensaje.",
            "Exige de vérifier votre identité ou vos données de paiement via le message. Passez uniquement par l'application ou le site officiel.",
        ],
        patterns: &[
            r"(?i)\b(?:verify|confirm|validate)\s+your\s+(?:identity|account|payment|billing)\b",
            r"(?i)\bbest[äa]tigen\s+sie\s+(?:ihre\s+)?(?:identit[äa]t|konto|zahlungs\w*)",
            r"(?i)\b(?:verifique|confirme)\s+su\s+(?:identidad|cuenta|pago)",
            r"(?i)\b(?:v[ée]rifiez|confirmez)\s+votre\s+(?:identit[ée]|compte|paiement)",
            r"(?i)\b(?:payment\s+method|zahlungs(?:methode|mittel)|m[ée]todo\s+de\s+pago|moyen\s+de\s+paiement)\s+(?:\w+\s+){0,2}(?:declined|abgelehnt|rechazad[oa]|refus[ée])",
        ],
    },
    Signal {
        code: "data_loss_threat",
        weight: 0.25,
        explanation: [
            "Threatens that your files, photos or account will be deleted unless you act. A threat with a deadline is a pressure tactic.",
            "Droht, Dateien, Fotos oder Konto würden gelöscht, wenn Sie nicht handeln. Drohung mit Frist ist ein Druckmittel.",
            "Amenaza con borrar sus archivos, fotos o cuenta si no actúa. Una amenaza con plazo es una táctica de presión.",
            "Menace de supprimer vos fichiers, photos ou compte si vous n'agissez pas. Une menace avec délai est un moyen de pression.",
        ],
        patterns: &[
            r"(?i)\b(?:files|photos|data|account)\s+(?:will|would)\s+be\s+(?:deleted|erased|lost|closed)",
            r"(?i)\b(?:dateien|fotos|daten|konto)\s+(?:\w+\s+)?(?:werden|wird)\s+(?:\w+\s+)?(?:gel[öo]scht|geschlossen)",
            r"(?i)\b(?:archivos|fotos|datos|cuenta)\s+(?:ser[aá]n?|van\s+a\s+ser)\s+(?:eliminad|borrad|cerrad)\w*",
            r"(?i)\b(?:fichiers|photos|donn[ée]es|compte)\s+(?:seront|sera)\s+(?:supprim|effac|ferm)\w*",
        ],
    },
    Signal {
        code: "parcel_fee",
        weight: 0.35,
        explanation: [
            "Says a parcel is held until you pay a small fee through a link. Carriers do not collect fees this way; track parcels on the carrier's own site.",
            "Behauptet, ein Paket werde bis zur Zahlung einer kleinen Gebühr per Link zurückgehalten. Paketdienste kassieren so nicht; verfolgen Sie Sendungen auf der Website des Dienstes.",
            "Dice que un paquete está retenido hasta pagar una pequeña tasa por un enlace. Las empresas de envío no cobran así.",
            "Prétend qu'un colis est bloqué jusqu'au paiement de petits frais via un lien. Les transporteurs ne procèdent pas ainsi.",
        ],
        patterns: &[
            r"(?i)\b(?:parcel|package|shipment)\s+(?:\w+\s+){0,3}(?:on\s+hold|held|suspended|could\s+not\s+be\s+delivered)",
            r"(?i)\b(?:paket|sendung)\s+(?:\w+\s+){0,3}(?:zur[üu]ckgehalten|angehalten|nicht\s+zugestellt\s+werden)",
            r"(?i)\bpaquete\s+(?:\w+\s+){0,3}(?:retenido|pendiente\s+de\s+pago)",
            r"(?i)\bcolis\s+(?:\w+\s+){0,3}(?:en\s+attente|bloqu[ée]|retenu)",
            r"(?i)\b(?:redelivery|customs|delivery|shipping)\s+fee|\b(?:zoll)?geb[üu]hr\s+von\s+\d|\btasa\s+de\s+\d|\bfrais\s+de\s+\d",
        ],
    },
];

/// The compiled signal table: a `RegexSet` over every pattern, and each pattern compiled
/// once more for excerpts.
pub struct TextScanner {
    set: RegexSet,
    regexes: Vec<Regex>,
    /// Pattern index -> signal index.
    owner: Vec<usize>,
    /// A negation just before a match (`never buy gift cards`) cancels that match.
    negation: Option<Regex>,
}

impl TextScanner {
    /// Compiles the built-in table.
    pub fn new() -> Self {
        let mut pats = Vec::new();
        let mut owner = Vec::new();
        for (si, s) in SIGNALS.iter().enumerate() {
            for p in s.patterns {
                pats.push(p.to_string());
                owner.push(si);
            }
        }
        // Invariant: the patterns are constants compiled by the tests (`every_pattern_compiles`);
        // a broken one would disable text signals rather than panic.
        // A large lazy-DFA cache: with the default one, a megabyte of text thrashes it and
        // the set falls back to the slow NFA simulation (seconds instead of milliseconds).
        let set = regex::RegexSetBuilder::new(&pats)
            .dfa_size_limit(64 << 20)
            .build()
            .unwrap_or_else(|_| RegexSet::empty());
        let regexes = pats
            .iter()
            .filter_map(|p| Regex::new(p).ok())
            .collect::<Vec<_>>();
        if regexes.len() != pats.len() {
            return Self {
                set: RegexSet::empty(),
                regexes: Vec::new(),
                owner: Vec::new(),
                negation: None,
            };
        }
        let negation =
            Regex::new(r"(?i)\b(?:never|nie|niemals|nunca|jamais|keinen|keine|kein)\b").ok();
        Self {
            set,
            regexes,
            owner,
            negation,
        }
    }

    /// Finds the signals in `text`, explained in `lang`.
    pub fn analyse(&self, text: &str, lang: Lang) -> TextAnalysis {
        let matched = self.set.matches(text);
        let mut fired: Vec<(usize, usize, String)> = Vec::new(); // (signal, pattern, excerpt)
        for pi in matched.iter() {
            let si = self.owner[pi];
            if fired.iter().any(|(s, _, _)| *s == si) {
                continue;
            }
            if let Some(m) = self.regexes[pi]
                .find_iter(text)
                .find(|m| !self.negated(text, m.start()))
            {
                fired.push((si, pi, excerpt(m.as_str())));
            }
        }
        fired.sort_unstable_by_key(|(si, _, _)| *si);
        let mut keep = 1.0f32;
        let signals = fired
            .into_iter()
            .map(|(si, _, excerpt)| {
                let s = &SIGNALS[si];
                keep *= 1.0 - s.weight;
                SignalHit {
                    code: s.code.to_string(),
                    weight: s.weight,
                    explanation: lang.pick(&s.explanation).to_string(),
                    excerpt,
                }
            })
            .collect();
        TextAnalysis {
            score: round2(1.0 - keep),
            signals,
        }
    }
}

impl TextScanner {
    /// True when a negation word stands in the 24 bytes before `start`.
    fn negated(&self, text: &str, start: usize) -> bool {
        let mut from = start.saturating_sub(24);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        self.negation
            .as_ref()
            .is_some_and(|n| n.is_match(&text[from..start]))
    }
}

impl Default for TextScanner {
    fn default() -> Self {
        Self::new()
    }
}

fn excerpt(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

pub(crate) fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_codes_are_unique() {
        for s in SIGNALS {
            for p in s.patterns {
                assert!(Regex::new(p).is_ok(), "{}: {p}", s.code);
            }
            assert!(s.weight > 0.0 && s.weight < 1.0, "{}", s.code);
            assert!(s.explanation.iter().all(|e| !e.is_empty()), "{}", s.code);
        }
        let mut codes: Vec<&str> = SIGNALS.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SIGNALS.len());
        assert_eq!(
            TextScanner::new().regexes.len(),
            SIGNALS.iter().map(|s| s.patterns.len()).sum::<usize>()
        );
    }

    #[test]
    fn excerpts_are_short_and_single_spaced() {
        assert_eq!(excerpt("call   us\nnow"), "call us now");
        assert_eq!(excerpt(&"a".repeat(100)).chars().count(), 81);
    }
}
