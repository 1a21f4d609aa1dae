# Dragnet public pages: Deutsch.

## Frame
skip-to-content = Zum Inhalt springen
nav-label = Hauptmenü
nav-report = Betrug melden
nav-check = Ist das Betrug?
nav-guidance = Schützen Sie sich
lang-label = Sprache
footer-emergency = Wenn Sie in Gefahr sind oder gerade Geld verloren haben: Rufen Sie jetzt Ihre Bank und die Polizei an (110).
footer-privacy = Ihre Kontaktdaten werden verschlüsselt und nur für Rückfragen zu Ihrer Meldung verwendet. Sie werden nie veröffentlicht.
required = (Pflichtfeld)

## Home
home-title = Gemeinsam gegen falsche Support-Anrufe
home-lead = Falscher „Microsoft“- oder „Amazon“-Support, Pop-ups, die behaupten, Ihr Computer sei gesperrt, Anrufer, die Fernzugriff oder Guthabenkarten wollen: Erzählen Sie uns, was passiert ist, prüfen Sie eine Nummer oder einen Link und erfahren Sie, wie Sie sich schützen.
home-report = Erzählen Sie uns, was passiert ist. Ihre Meldung hilft, die Callcenter hinter diesem Betrug zu finden und andere zu warnen.
home-report-cta = Betrug melden
home-check = Fügen Sie eine Telefonnummer, Webadresse oder Nachricht ein und sehen Sie, was wir darüber wissen.
home-check-cta = Jetzt prüfen
home-guidance = Wie Sie diesen Betrug erkennen und vermeiden, und was zu tun ist, wenn es schon passiert ist.
home-guidance-cta = Zu den Tipps
home-now-title = Wenn es gerade jetzt passiert
home-now-1 = Legen Sie auf. Schließen Sie das Pop-up oder den Browser. Rufen Sie die Nummer auf dem Bildschirm nicht an.
home-now-2 = Wenn jemand mit Ihrem Computer verbunden ist: Trennen Sie sofort das Internet (WLAN aus oder Kabel ziehen).
home-now-3 = Wenn Sie bezahlt haben: Rufen Sie sofort Ihre Bank oder den Anbieter der Guthabenkarte an. Manchmal lässt sich das Geld noch stoppen.

## Problems
problem-back = Zurück und erneut versuchen
problem-rate-title = Zu viele Anfragen
problem-rate-body = Sie haben in kurzer Zeit sehr viel gesendet. Bitte warten Sie eine Minute und versuchen Sie es erneut.
problem-expired-title = Dieses Formular ist abgelaufen
problem-expired-body = Zu Ihrer Sicherheit können Formulare nur von dieser Website und nur für begrenzte Zeit gesendet werden. Bitte gehen Sie zurück, laden Sie die Seite neu und senden Sie erneut. Es wurde nichts gespeichert.
problem-large-title = Das ist zu groß
problem-large-body = Ihre Sendung ist größer als erlaubt. Bitte senden Sie weniger oder kleinere Bildschirmfotos. Es wurde nichts gespeichert.
problem-bad-title = Das konnte nicht gelesen werden
problem-bad-body = Ihre Sendung konnte nicht gelesen werden. Bitte gehen Sie zurück und versuchen Sie es erneut. Es wurde nichts gespeichert.
problem-spam-title = Ihre Meldung konnte nicht angenommen werden
problem-spam-body = Sie sah nach einer automatischen Sendung aus. Wenn Sie ein Mensch sind, gehen Sie bitte zurück, laden Sie die Seite neu und senden Sie erneut.
problem-store-title = Ihre Meldung konnte nicht gespeichert werden
problem-store-body = Unser System ist gerade ausgelastet oder nicht erreichbar. Bitte gehen Sie zurück und senden Sie in ein paar Minuten erneut.

## Report form
report-title = Betrug melden
report-lead = Schildern Sie in eigenen Worten, was passiert ist. Nur die Beschreibung ist Pflicht; alles andere hilft uns, Ihre Meldung mit anderen zu verbinden.
form-has-errors = Bitte korrigieren Sie Folgendes
form-expired = Zu Ihrer Sicherheit war dieses Formular abgelaufen. Ihre Eingaben stehen unten: Bitte prüfen Sie sie und senden Sie erneut.
form-too-fast = Das Formular wurde sehr schnell gesendet. Bitte prüfen Sie Ihre Angaben und senden Sie es erneut.
honeypot = Dieses Feld bitte leer lassen
fs-what = Zum Betrug
fs-contact = Wie die Betrüger Sie kontaktiert haben
fs-contact-hint = Telefonnummern, Webadressen und E-Mail-Adressen der Betrüger. Eine pro Zeile.
fs-money = Geld
fs-screenshots = Bildschirmfotos
fs-you = Über Sie (freiwillig)
fs-you-hint = Nur wenn Sie einverstanden sind, zu Ihrer Meldung kontaktiert zu werden.
f-narrative = Was ist passiert?
f-narrative-hint = Zum Beispiel: „Ein Fenster sagte, mein Computer sei gesperrt, ich solle 0800 123 4567 anrufen. Der Mann sagte, er sei von Microsoft …“
f-contact-method = Wie hat es angefangen?
f-brand = Für wen haben sie sich ausgegeben?
f-brand-hint = Zum Beispiel Microsoft, Amazon, Apple, Ihre Bank oder die Polizei.
f-incident-date = Wann ist es passiert?
f-phone-numbers = Telefonnummern
f-phone-numbers-hint = Wenn bekannt, mit Ländervorwahl, zum Beispiel +49 30 1234567.
f-websites = Websites oder Links
f-websites-hint = Zum Beispiel microsoft-hilfe-center.de oder der ganze Link aus der Nachricht.
f-scammer-emails = E-Mail-Adressen
f-remote-tool = Sollten Sie ein Fernwartungsprogramm installieren?
f-remote-id = Fernwartungs-ID
f-remote-id-hint = Die Nummer, die das Programm angezeigt hat, falls Sie sie noch haben (zum Beispiel 123 456 789).
f-remote-access-given = Ich habe sie auf meinen Computer oder mein Handy zugreifen lassen.
f-payment-method = Wie haben Sie bezahlt, falls Sie bezahlt haben?
f-payment-details = Wohin Sie Geld schicken sollten
f-payment-details-hint = Nummern von Guthabenkarten, Bankkonto (IBAN) oder Krypto-Wallet-Adressen. Eine pro Zeile.
f-loss-amount = Verlorener Betrag
f-loss-amount-hint = Zum Beispiel 499,00
f-loss-currency = Währung
f-screenshots = Bildschirmfotos (freiwillig)
f-screenshots-hint = PNG- oder JPEG-Bilder, bis zu 3, jeweils bis { $max } MB. Versteckte Angaben (etwa der Aufnahmeort) werden entfernt.
f-reporter-name = Ihr Name
f-reporter-email = Ihre E-Mail-Adresse
f-reporter-phone = Ihre Telefonnummer
f-reporter-country = Ihr Land
f-contact-consent = Polizei und andere Strafverfolgungsbehörden dürfen mich zu dieser Meldung kontaktieren.
report-privacy = Ihre Meldung wird sicher gespeichert. Name, E-Mail-Adresse und Telefonnummer werden verschlüsselt und nie weitergegeben oder veröffentlicht.
report-submit = Meldung senden

contact-phone-call = Ein Anruf
contact-popup = Ein Pop-up oder eine Warnung auf dem Bildschirm
contact-email = Eine E-Mail
contact-sms = Eine SMS
contact-web-ad = Eine Anzeige oder ein Suchergebnis
contact-social = Soziale Medien
contact-other = Etwas anderes
remote-none = Nein / weiß nicht
remote-other = Ein anderes Programm
payment-none = Ich habe nicht bezahlt
payment-gift-card = Guthabenkarten (Gutscheinkarten)
payment-bank-transfer = Überweisung
payment-card = Kredit- oder Debitkarte
payment-crypto = Kryptowährung oder Bitcoin-Automat
payment-money-transfer = Bargeldtransfer (z. B. Western Union)
payment-cash = Bargeld
payment-other = Anders
country-unstated = Keine Angabe
country-US = Vereinigte Staaten
country-GB = Vereinigtes Königreich
country-IE = Irland
country-CA = Kanada
country-AU = Australien
country-NZ = Neuseeland
country-IN = Indien
country-DE = Deutschland
country-AT = Österreich
country-CH = Schweiz
country-FR = Frankreich
country-BE = Belgien
country-LU = Luxemburg
country-ES = Spanien
country-MX = Mexiko
country-AR = Argentinien
country-CO = Kolumbien
country-CL = Chile
country-PE = Peru
country-IT = Italien
country-NL = Niederlande
country-PT = Portugal

## Field errors
err-narrative = Bitte beschreiben Sie, was passiert ist.
err-contact-method = Bitte wählen Sie eine der Möglichkeiten.
err-brand = Bitte kürzen Sie das.
err-payment-method = Bitte wählen Sie eine der Möglichkeiten.
err-loss-amount = Bitte geben Sie den Betrag als Zahl an, zum Beispiel 499,00.
err-loss-currency = Bitte wählen Sie eine Währung.
err-reporter-country = Bitte wählen Sie ein Land aus der Liste.
err-reporter-name = Bitte kürzen Sie Ihren Namen.
err-reporter-email = Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an oder lassen Sie das Feld leer.
err-reporter-phone = Bitte prüfen Sie Ihre Telefonnummer.
err-phone-numbers = Bitte prüfen Sie die Telefonnummern.
err-websites = Bitte prüfen Sie die Websites.
err-scammer-emails = Bitte prüfen Sie die E-Mail-Adressen.
err-payment-details = Bitte prüfen Sie diese Angaben.
err-remote-id = Bitte prüfen Sie die Fernwartungs-ID.
err-incident-date = Bitte geben Sie ein Datum an, das nicht in der Zukunft liegt.
err-choose = Bitte wählen Sie eine der Möglichkeiten.
err-list-long = Bitte geben Sie höchstens { $max } Einträge an.
err-too-long = Das ist zu lang. Bitte kürzen Sie es.
err-screenshot-type = Es können nur PNG- und JPEG-Bilder hochgeladen werden.
err-screenshot-size = Jedes Bildschirmfoto darf höchstens { $max } MB groß sein.
err-screenshot-count = Sie können höchstens { $max } Bildschirmfotos hochladen.

## Confirmation
thanks-title = Danke, Ihre Meldung ist eingegangen
thanks-reference = Ihre Vorgangsnummer:
thanks-keep = Notieren Sie sie. Nennen Sie sie der Polizei oder Ihrer Bank, wenn Sie mit ihnen über diesen Betrug sprechen.
thanks-indicators = { $n ->
    [one] Wir haben in Ihrer Meldung eine Telefonnummer, Adresse oder ein Konto gefunden.
   *[other] Wir haben in Ihrer Meldung { $n } Telefonnummern, Adressen oder Konten gefunden.
}
thanks-screenshots = { $n ->
    [one] Ein Bildschirmfoto wurde gespeichert.
   *[other] { $n } Bildschirmfotos wurden gespeichert.
}
advice-title = Was Sie jetzt tun sollten
advice-remote-title = Die Betrüger hatten Zugriff auf Ihren Computer
advice-remote-1 = Trennen Sie den Computer vom Internet (WLAN aus oder Kabel ziehen) und deinstallieren Sie das Fernwartungsprogramm, das Sie installieren sollten.
advice-remote-2 = Lassen Sie den Computer prüfen: Führen Sie einen vollständigen Scan mit Ihrer Sicherheitssoftware durch oder bitten Sie eine Vertrauensperson um Hilfe.
advice-remote-3 = Ändern Sie von einem anderen Gerät aus die Passwörter für E-Mail, Online-Banking und Einkaufskonten und schalten Sie die Zwei-Faktor-Anmeldung ein.
advice-gift-title = Sie haben mit Guthabenkarten bezahlt
advice-gift = Rufen Sie jetzt den Herausgeber der Guthabenkarten an (die Nummer steht auf der Rückseite der Karte oder auf seiner offiziellen Website), sagen Sie, dass es Betrug war, und nennen Sie die Kartennummern. Bewahren Sie Karten und Kassenbons auf.
advice-bank-title = Sie haben per Überweisung oder Karte bezahlt
advice-bank = Rufen Sie jetzt Ihre Bank an, unter der Nummer auf Ihrer Karte oder Ihrem Kontoauszug. Sagen Sie, dass es Betrug war: Die Bank kann die Zahlung vielleicht noch stoppen oder zurückholen und schützt Ihr Konto.
advice-crypto-title = Sie haben mit Kryptowährung bezahlt
advice-crypto = Wenden Sie sich sofort an die Börse oder den Betreiber des Bitcoin-Automaten und bewahren Sie Transaktions-IDs und Belege auf.
advice-recovery = Vorsicht vor Leuten, die sich später melden und anbieten, Ihr Geld gegen eine Gebühr zurückzuholen: Das ist derselbe Betrug noch einmal.
next-title = Wie es weitergeht
next-1 = Ihre Meldung wird mit anderen verglichen, um die Täter und Telefonnummern hinter diesem Betrug zu finden. Unternehmen und Polizei nutzen diese Verbindungen, um sie abzuschalten.
next-2 = Wir werden Sie nicht kontaktieren. Wenn Sie erreichbar sein möchten, senden Sie eine neue Meldung mit Ihren Kontaktdaten und Ihrer Zustimmung.
next-2-consent = Sie haben zugestimmt, dass Strafverfolgungsbehörden Sie kontaktieren dürfen. Sie verwenden dazu Ihre Angaben.
thanks-check = Weitere Nummer oder Link prüfen

## Check
check-title = Ist das Betrug?
check-lead = Fügen Sie eine Telefonnummer, eine Webadresse, eine E-Mail-Adresse oder eine ganze Nachricht ein. Wir vergleichen sie mit Meldungen anderer und suchen nach den Tricks der Betrüger.
check-label = Nummer, Link oder Nachricht
check-hint = Zum Beispiel +49 30 1234567, microsoft-support-hilfe.de oder der Text eines Pop-ups.
check-submit = Prüfen
check-why = Warum
check-what-now = Was Sie tun sollten
check-found = Was wir geprüft haben
check-report-it = Melden
verdict-scam = Das ist Betrug
verdict-scam-summary = Nicht anrufen, nicht klicken, nicht bezahlen. Falls schon geschehen, folgen Sie den Tipps unten.
verdict-suspicious = Das sieht verdächtig aus
verdict-suspicious-summary = Seien Sie sehr vorsichtig: Es gibt Anzeichen für Betrug.
verdict-official = Das ist offiziell
verdict-official-summary = Das gehört der echten Firma. Betrüger kopieren manchmal echte Angaben: Geben Sie deshalb trotzdem nie Fernzugriff und zahlen Sie nie mit Guthabenkarten.
verdict-unknown = Uns ist dazu nichts Schlechtes bekannt
verdict-unknown-summary = Das heißt nicht, dass es sicher ist. Kontaktieren Sie Firmen nur über ihre offizielle Website oder App.
err-check-empty = Bitte fügen Sie eine Nummer, einen Link oder eine Nachricht ein.
err-check-long = Das ist zu lang: höchstens { $max } KB.
err-check-invalid = Das konnte nicht geprüft werden
check-indicator = { $type }: { $value }
ind-phone = Telefonnummer
ind-url = Link
ind-domain = Website
ind-email = E-Mail-Adresse
ind-ip = IP-Adresse
ind-remote-access-id = Fernwartungs-ID
ind-crypto-wallet = Krypto-Wallet
ind-iban = Bankkonto
ind-gift-card = Guthabenkarte
ind-other = Sonstiges

## Guidance
guide-title = Schützen Sie sich vor falschen Support-Mitarbeitern
guide-lead = Betrüger geben sich als Microsoft, Apple, Amazon, Ihre Bank oder Ihr Internetanbieter aus. Sie machen Ihnen mit einem erfundenen Problem Angst und verlangen dann Zugriff auf Ihren Computer oder Geld.
guide-toc = Auf dieser Seite
guide-recognise = So erkennen Sie den Betrug
guide-recognise-1 = Ein Pop-up oder eine bildschirmfüllende Warnung behauptet, Ihr Computer sei gesperrt oder infiziert, und zeigt eine Telefonnummer. Echte Warnungen zeigen nie eine Telefonnummer.
guide-recognise-2 = Jemand ruft unerwartet an und sagt, er sei von Microsoft, Windows, Amazon oder Ihrem Internetanbieter.
guide-recognise-3 = Sie sollen AnyDesk, TeamViewer, Quick Assist oder ein ähnliches Programm installieren oder einen Code vorlesen.
guide-recognise-4 = Sie sollen mit Guthabenkarten, Kryptowährung, an einem Bitcoin-Automaten oder per Überweisung auf ein „sicheres Konto“ zahlen.
guide-recognise-5 = Man setzt Sie unter Druck, Sie sollen nicht auflegen und weder Ihrer Bank noch Ihrer Familie etwas sagen.
guide-avoid = So schützen Sie sich
guide-avoid-1 = Rufen Sie nie eine Nummer aus einem Pop-up an. Schließen Sie den Browser; wenn er sich nicht schließen lässt, starten Sie den Computer neu.
guide-avoid-2 = Geben Sie niemandem Fernzugriff, der Sie von sich aus kontaktiert hat.
guide-avoid-3 = Suchen Sie Support-Nummern selbst auf der offiziellen Website der Firma, oder prüfen Sie sie hier.
guide-avoid-4 = Kein echtes Unternehmen und keine Behörde lässt sich mit Guthabenkarten oder Kryptowährung bezahlen.
guide-refund = Rückerstattungs- und „Geld-zurück“-Betrug
guide-refund-1 = Ein Anrufer sagt, Ihnen stehe eine Rückerstattung zu, und bittet Sie, sich „zum Empfang“ ins Online-Banking einzuloggen. Dann behauptet er, zu viel überwiesen zu haben, und verlangt die Differenz zurück.
guide-refund-2 = Nach einem Betrug bieten andere manchmal an, Ihr Geld gegen eine Gebühr zurückzuholen. Auch das sind Betrüger.
guide-happened = Wenn es schon passiert ist
guide-report = So melden Sie es
guide-report-1 = Melden Sie es hier: Ihre Meldung wird mit anderen verknüpft, um die Banden hinter diesem Betrug zu finden.
guide-report-authorities = Informieren Sie auch Ihre Bank und die Polizei:
guide-authority-1 = Deutschland: Anzeige bei der Polizei, auch online über die Onlinewache Ihres Bundeslandes; im Notfall 110.
guide-authority-2 = Österreich: jede Polizeiinspektion oder die Meldestelle against-cybercrime@bmi.gv.at.
guide-authority-3 = Schweiz: Meldung an das Bundesamt für Cybersicherheit (BACS) und Anzeige bei der Kantonspolizei.
