# Dragnet public pages: English. Every message here must exist in de.ftl, es.ftl, fr.ftl
# too (a test compares the ids).

## Frame
skip-to-content = Skip to content
nav-label = Main
nav-report = Report a scam
nav-check = Is this a scam?
nav-guidance = Protect yourself
lang-label = Language
footer-emergency = If you are in danger or have just lost money, call your bank and the police now.
footer-privacy = Your contact details are encrypted and only used to follow up on your report. They are never published.
required = (required)

## Home
home-title = Fight tech-support scams
home-lead = Fake "Microsoft" or "Amazon" support, pop-ups saying your computer is blocked, callers who want remote access or gift cards: tell us what happened, check a number or link, and learn how to protect yourself.
home-report = Tell us what happened. Your report helps find the call centres behind these scams and warn others.
home-report-cta = Report a scam
home-check = Paste a phone number, web address or message and see what we know about it.
home-check-cta = Check it
home-guidance = How to recognise these scams, avoid them, and what to do if it already happened.
home-guidance-cta = Read the advice
home-now-title = If it is happening right now
home-now-1 = Hang up. Close the pop-up or the browser. Do not call the number on the screen.
home-now-2 = If they are connected to your computer, switch off the internet (Wi-Fi or cable) now.
home-now-3 = If you paid, call your bank or the gift card company right away: money can sometimes still be stopped.

## Problems
problem-back = Go back and try again
problem-rate-title = Too many requests
problem-rate-body = You have sent a lot in a short time. Please wait a minute and try again.
problem-expired-title = This form has expired
problem-expired-body = For your security, forms can only be sent from this site and for a limited time. Please go back, reload the page and send it again. Nothing was stored.
problem-large-title = This is too large
problem-large-body = What you sent is larger than we accept. Please send fewer or smaller screenshots. Nothing was stored.
problem-bad-title = This could not be read
problem-bad-body = What you sent could not be read. Please go back and try again. Nothing was stored.
problem-spam-title = Your report could not be accepted
problem-spam-body = It looked like an automated submission. If you are a person, please go back, reload the page and send it again.
problem-store-title = We could not save your report
problem-store-body = Our system is busy or unavailable right now. Nothing was lost on your side: please go back and send it again in a few minutes.

## Report form
report-title = Report a scam
report-lead = Tell us what happened in your own words. Only the description is required; everything else helps us connect your report to others.
form-has-errors = Please correct the following
form-expired = For your security this form had expired. What you typed is kept below: please check it and send it again.
form-too-fast = The form was sent very quickly. Please check your entries and send it again.
honeypot = Leave this field empty
fs-what = About the scam
fs-contact = How they contacted you
fs-contact-hint = Phone numbers, web addresses and e-mail addresses the scammers used. One per line.
fs-money = Money
fs-screenshots = Screenshots
fs-you = About you (optional)
fs-you-hint = Only if you agree to be contacted about your report.
f-narrative = What happened?
f-narrative-hint = For example: "A window said my computer was blocked and I should call 1-888-555-0147. The man said he was from Microsoft…"
f-contact-method = How did it start?
f-brand = Who did they claim to be?
f-brand-hint = For example Microsoft, Amazon, Apple, your bank or the police.
f-incident-date = When did it happen?
f-phone-numbers = Phone numbers
f-phone-numbers-hint = Include the country code if you know it, for example +1 888 555 0147.
f-websites = Websites or links
f-websites-hint = For example microsoft-help-desk.com or the full link from the message.
f-scammer-emails = E-mail addresses
f-remote-tool = Did they ask you to install a remote-access program?
f-remote-id = Remote-access ID
f-remote-id-hint = The number the program showed, if you still have it (for example 123 456 789).
f-remote-access-given = I let them connect to my computer or phone.
f-payment-method = How did you pay, if you did?
f-payment-details = Where you were told to send money
f-payment-details-hint = Gift card numbers, bank account (IBAN) or crypto wallet addresses. One per line.
f-loss-amount = Amount lost
f-loss-amount-hint = For example 499.00
f-loss-currency = Currency
f-screenshots = Screenshots (optional)
f-screenshots-hint = PNG or JPEG pictures, up to 3, each up to { $max } MB. We remove hidden information (like location) from them.
f-reporter-name = Your name
f-reporter-email = Your e-mail address
f-reporter-phone = Your phone number
f-reporter-country = Your country
f-contact-consent = The police and other law enforcement may contact me about this report.
report-privacy = Your report is stored securely. Your name, e-mail and phone number are encrypted and never shared or published.
report-submit = Send report

contact-phone-call = A phone call
contact-popup = A pop-up or warning on my screen
contact-email = An e-mail
contact-sms = A text message
contact-web-ad = An ad or search result
contact-social = Social media
contact-other = Something else
remote-none = No / I don't know
remote-other = Another program
payment-none = I did not pay
payment-gift-card = Gift cards
payment-bank-transfer = Bank transfer
payment-card = Credit or debit card
payment-crypto = Cryptocurrency or a Bitcoin ATM
payment-money-transfer = Money transfer service (e.g. Western Union)
payment-cash = Cash
payment-other = Other
country-unstated = Prefer not to say
country-US = United States
country-GB = United Kingdom
country-IE = Ireland
country-CA = Canada
country-AU = Australia
country-NZ = New Zealand
country-IN = India
country-DE = Germany
country-AT = Austria
country-CH = Switzerland
country-FR = France
country-BE = Belgium
country-LU = Luxembourg
country-ES = Spain
country-MX = Mexico
country-AR = Argentina
country-CO = Colombia
country-CL = Chile
country-PE = Peru
country-IT = Italy
country-NL = Netherlands
country-PT = Portugal

## Field errors
err-narrative = Please describe what happened.
err-contact-method = Please choose one of the options.
err-brand = Please shorten this.
err-payment-method = Please choose one of the options.
err-loss-amount = Please enter the amount as a number, for example 499.00.
err-loss-currency = Please choose a currency.
err-reporter-country = Please choose a country from the list.
err-reporter-name = Please shorten your name.
err-reporter-email = Please enter an e-mail address like name@example.com, or leave it empty.
err-reporter-phone = Please check your phone number.
err-phone-numbers = Please check the phone numbers.
err-websites = Please check the websites.
err-scammer-emails = Please check the e-mail addresses.
err-payment-details = Please check these details.
err-remote-id = Please check the remote-access ID.
err-incident-date = Please enter a date that is not in the future.
err-choose = Please choose one of the options.
err-list-long = Please enter at most { $max } entries.
err-too-long = This is too long. Please shorten it.
err-screenshot-type = Only PNG and JPEG pictures can be uploaded.
err-screenshot-size = Each screenshot can be at most { $max } MB.
err-screenshot-count = You can upload at most { $max } screenshots.

## Confirmation
thanks-title = Thank you, your report was received
thanks-reference = Your reference number:
thanks-keep = Write it down. Give it to the police or your bank if you talk to them about this scam.
thanks-indicators = { $n ->
    [one] We found one phone number, address or account in your report.
   *[other] We found { $n } phone numbers, addresses or accounts in your report.
}
thanks-screenshots = { $n ->
    [one] One screenshot was saved.
   *[other] { $n } screenshots were saved.
}
advice-title = What to do now
advice-remote-title = They had access to your computer
advice-remote-1 = Disconnect the computer from the internet (Wi-Fi off or cable out) and uninstall the remote-access program they made you install.
advice-remote-2 = Have the computer checked: run a full scan with your security software, or ask someone you trust to help.
advice-remote-3 = From another device, change the passwords of your e-mail, online banking and shopping accounts, and turn on two-step verification.
advice-gift-title = You paid with gift cards
advice-gift = Call the company that issued the gift cards now (the number is on the back of the card or on its official website), tell them it was a scam and give them the card numbers. Keep the cards and receipts.
advice-bank-title = You paid by bank transfer or card
advice-bank = Call your bank now, using the number on your card or bank statement. Tell them it was a scam: they may be able to stop or recall the payment and will protect your account.
advice-crypto-title = You paid with cryptocurrency
advice-crypto = Contact the exchange or Bitcoin ATM operator you used at once and keep the transaction IDs and receipts.
advice-recovery = Beware of people who contact you later offering to recover your money for a fee: that is the same scam again.
next-title = What happens next
next-1 = Your report is compared with others to find the people and the phone numbers behind these scams. Companies and police use these links to shut them down.
next-2 = We will not contact you. If you want to be contactable, send a new report with your details and your consent.
next-2-consent = You agreed that law enforcement may contact you. They will use the details you gave.
thanks-check = Check another number or link

## Check
check-title = Is this a scam?
check-lead = Paste a phone number, a web address, an e-mail address or a whole message. We compare it with reports from other people and look for the tricks scammers use.
check-label = Number, link or message
check-hint = For example +1 888 555 0147, microsoft-support-help.com or the text of a pop-up.
check-submit = Check
check-why = Why
check-what-now = What you should do
check-found = What we looked at
check-report-it = Report it
verdict-scam = This is a scam
verdict-scam-summary = Do not call, click or pay. If you already did, follow the advice below.
verdict-suspicious = This looks suspicious
verdict-suspicious-summary = Be very careful: there are signs of a scam.
verdict-official = This is official
verdict-official-summary = This belongs to the real company. Scammers sometimes copy real details, so still never give remote access or pay with gift cards.
verdict-unknown = We know nothing bad about this
verdict-unknown-summary = That does not mean it is safe. Contact companies only through their official website or app.
err-check-empty = Please paste a number, link or message.
err-check-long = This is too long: at most { $max } KB.
err-check-invalid = This could not be checked
check-indicator = { $type }: { $value }
ind-phone = Phone number
ind-url = Link
ind-domain = Website
ind-email = E-mail address
ind-ip = IP address
ind-remote-access-id = Remote-access ID
ind-crypto-wallet = Crypto wallet
ind-iban = Bank account
ind-gift-card = Gift card
ind-other = Other

## Guidance
guide-title = Protect yourself from tech-support scams
guide-lead = Scammers pretend to be Microsoft, Apple, Amazon, your bank or your internet provider. They scare you with a fake problem and then ask for access to your computer or for money.
guide-toc = On this page
guide-recognise = How to recognise them
guide-recognise-1 = A pop-up or full-screen warning says your computer is blocked or infected and shows a phone number to call. Real warnings never show a phone number.
guide-recognise-2 = Someone calls you out of the blue saying they are from Microsoft, Windows, Amazon or your internet provider.
guide-recognise-3 = They ask you to install AnyDesk, TeamViewer, Quick Assist or a similar program, or to read out a code.
guide-recognise-4 = They want payment in gift cards, cryptocurrency, a Bitcoin ATM, or a transfer to a "safe account".
guide-recognise-5 = They rush you, tell you not to hang up, or not to tell your bank or family.
guide-avoid = How to avoid them
guide-avoid-1 = Never call a number shown in a pop-up. Close the browser; if it will not close, restart the computer.
guide-avoid-2 = Never give remote access to someone who contacted you first.
guide-avoid-3 = Look up support numbers yourself on the company's official website, or check them here.
guide-avoid-4 = No real company or authority asks to be paid in gift cards or cryptocurrency.
guide-refund = Refund and recovery scams
guide-refund-1 = A caller says you are owed a refund and asks you to log into your bank "to receive it". They then claim they sent too much and demand the difference back.
guide-refund-2 = After a scam, others may offer to recover your money for a fee. They are scammers too.
guide-happened = If it already happened
guide-report = How to report it
guide-report-1 = Report it here: your report is linked with others to find the operations behind these scams.
guide-report-authorities = Also tell your bank and the police. National reporting services:
guide-authority-1 = United States: the FTC (ReportFraud.ftc.gov) and the FBI's IC3 (ic3.gov).
guide-authority-2 = United Kingdom: Action Fraud (actionfraud.police.uk) or 0300 123 2040.
guide-authority-3 = Elsewhere: your local police; many forces accept online reports.
