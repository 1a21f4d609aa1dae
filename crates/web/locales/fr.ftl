# Dragnet public pages: français.

## Frame
skip-to-content = Aller au contenu
nav-label = Menu principal
nav-report = Signaler une arnaque
nav-check = Est-ce une arnaque ?
nav-guidance = Se protéger
lang-label = Langue
footer-emergency = Si vous êtes en danger ou venez de perdre de l'argent, appelez tout de suite votre banque et la police (17).
footer-privacy = Vos coordonnées sont chiffrées et servent uniquement au suivi de votre signalement. Elles ne sont jamais publiées.
required = (obligatoire)

## Home
home-title = Contre les arnaques au faux support technique
home-lead = Faux support « Microsoft » ou « Amazon », fenêtres disant que votre ordinateur est bloqué, appels exigeant un accès à distance ou des cartes cadeaux : racontez-nous ce qui s'est passé, vérifiez un numéro ou un lien, et apprenez à vous protéger.
home-report = Racontez-nous ce qui s'est passé. Votre signalement aide à trouver les centres d'appels derrière ces arnaques et à prévenir les autres.
home-report-cta = Signaler une arnaque
home-check = Collez un numéro de téléphone, une adresse web ou un message et voyez ce que nous en savons.
home-check-cta = Vérifier
home-guidance = Comment reconnaître ces arnaques, les éviter, et que faire si c'est déjà arrivé.
home-guidance-cta = Lire les conseils
home-now-title = Si cela se passe en ce moment
home-now-1 = Raccrochez. Fermez la fenêtre ou le navigateur. N'appelez pas le numéro affiché à l'écran.
home-now-2 = S'ils sont connectés à votre ordinateur, coupez internet (Wi-Fi ou câble) tout de suite.
home-now-3 = Si vous avez payé, appelez immédiatement votre banque ou l'émetteur de la carte cadeau : l'argent peut parfois encore être bloqué.

## Problems
problem-back = Revenir et réessayer
problem-rate-title = Trop de demandes
problem-rate-body = Vous avez envoyé beaucoup de choses en peu de temps. Attendez une minute puis réessayez.
problem-expired-title = Ce formulaire a expiré
problem-expired-body = Pour votre sécurité, les formulaires ne peuvent être envoyés que depuis ce site et pendant une durée limitée. Revenez en arrière, rechargez la page et envoyez-le à nouveau. Rien n'a été enregistré.
problem-large-title = C'est trop volumineux
problem-large-body = Votre envoi dépasse la taille acceptée. Envoyez moins de captures ou des captures plus petites. Rien n'a été enregistré.
problem-bad-title = Lecture impossible
problem-bad-body = Votre envoi n'a pas pu être lu. Revenez en arrière et réessayez. Rien n'a été enregistré.
problem-spam-title = Votre signalement n'a pas pu être accepté
problem-spam-body = Il ressemblait à un envoi automatique. Si vous êtes une personne, revenez en arrière, rechargez la page et envoyez-le à nouveau.
problem-store-title = Nous n'avons pas pu enregistrer votre signalement
problem-store-body = Notre système est surchargé ou indisponible. Revenez en arrière et renvoyez-le dans quelques minutes.

## Report form
report-title = Signaler une arnaque
report-lead = Racontez avec vos mots ce qui s'est passé. Seule la description est obligatoire ; le reste nous aide à relier votre signalement à d'autres.
form-has-errors = Merci de corriger les points suivants
form-expired = Pour votre sécurité, ce formulaire avait expiré. Ce que vous avez saisi est conservé ci-dessous : vérifiez-le et renvoyez-le.
form-too-fast = Le formulaire a été envoyé très vite. Vérifiez vos réponses et envoyez-le à nouveau.
honeypot = Laissez ce champ vide
fs-what = À propos de l'arnaque
fs-contact = Comment ils vous ont contacté
fs-contact-hint = Numéros de téléphone, adresses web et adresses e-mail utilisés par les escrocs. Un par ligne.
fs-money = Argent
fs-screenshots = Captures d'écran
fs-you = À propos de vous (facultatif)
fs-you-hint = Seulement si vous acceptez d'être contacté au sujet de votre signalement.
f-narrative = Que s'est-il passé ?
f-narrative-hint = Par exemple : « Une fenêtre disait que mon ordinateur était bloqué et qu'il fallait appeler le 09 70 00 00 00. L'homme disait être de Microsoft… »
f-contact-method = Comment cela a-t-il commencé ?
f-brand = Pour qui se sont-ils fait passer ?
f-brand-hint = Par exemple Microsoft, Amazon, Apple, votre banque ou la police.
f-incident-date = Quand cela s'est-il passé ?
f-phone-numbers = Numéros de téléphone
f-phone-numbers-hint = Avec l'indicatif du pays si vous le connaissez, par exemple +33 9 70 00 00 00.
f-websites = Sites web ou liens
f-websites-hint = Par exemple assistance-microsoft-aide.fr ou le lien complet du message.
f-scammer-emails = Adresses e-mail
f-remote-tool = Vous ont-ils demandé d'installer un logiciel d'accès à distance ?
f-remote-id = Identifiant d'accès à distance
f-remote-id-hint = Le numéro affiché par le logiciel, si vous l'avez encore (par exemple 123 456 789).
f-remote-access-given = Je les ai laissés se connecter à mon ordinateur ou à mon téléphone.
f-payment-method = Comment avez-vous payé, le cas échéant ?
f-payment-details = Où l'on vous a demandé d'envoyer l'argent
f-payment-details-hint = Numéros de cartes cadeaux, compte bancaire (IBAN) ou adresses de portefeuilles crypto. Un par ligne.
f-loss-amount = Montant perdu
f-loss-amount-hint = Par exemple 499,00
f-loss-currency = Devise
f-screenshots = Captures d'écran (facultatif)
f-screenshots-hint = Images PNG ou JPEG, jusqu'à 3, de { $max } Mo maximum chacune. Nous supprimons les informations cachées (comme la localisation).
f-reporter-name = Votre nom
f-reporter-email = Votre adresse e-mail
f-reporter-phone = Votre numéro de téléphone
f-reporter-country = Votre pays
f-contact-consent = La police et les autres autorités peuvent me contacter au sujet de ce signalement.
report-privacy = Votre signalement est conservé en sécurité. Votre nom, votre e-mail et votre téléphone sont chiffrés et ne sont jamais partagés ni publiés.
report-submit = Envoyer le signalement

contact-phone-call = Un appel téléphonique
contact-popup = Une fenêtre ou un avertissement à l'écran
contact-email = Un e-mail
contact-sms = Un SMS
contact-web-ad = Une publicité ou un résultat de recherche
contact-social = Les réseaux sociaux
contact-other = Autre chose
remote-none = Non / je ne sais pas
remote-other = Un autre logiciel
payment-none = Je n'ai pas payé
payment-gift-card = Cartes cadeaux (coupons)
payment-bank-transfer = Virement bancaire
payment-card = Carte bancaire
payment-crypto = Cryptomonnaie ou distributeur de Bitcoin
payment-money-transfer = Transfert d'argent (par ex. Western Union)
payment-cash = Espèces
payment-other = Autre
country-unstated = Je préfère ne pas le dire
country-US = États-Unis
country-GB = Royaume-Uni
country-IE = Irlande
country-CA = Canada
country-AU = Australie
country-NZ = Nouvelle-Zélande
country-IN = Inde
country-DE = Allemagne
country-AT = Autriche
country-CH = Suisse
country-FR = France
country-BE = Belgique
country-LU = Luxembourg
country-ES = Espagne
country-MX = Mexique
country-AR = Argentine
country-CO = Colombie
country-CL = Chili
country-PE = Pérou
country-IT = Italie
country-NL = Pays-Bas
country-PT = Portugal

## Field errors
err-narrative = Merci de décrire ce qui s'est passé.
err-contact-method = Merci de choisir une des options.
err-brand = Merci de raccourcir.
err-payment-method = Merci de choisir une des options.
err-loss-amount = Indiquez le montant en chiffres, par exemple 499,00.
err-loss-currency = Merci de choisir une devise.
err-reporter-country = Merci de choisir un pays dans la liste.
err-reporter-name = Merci de raccourcir votre nom.
err-reporter-email = Indiquez une adresse comme nom@exemple.fr, ou laissez le champ vide.
err-reporter-phone = Vérifiez votre numéro de téléphone.
err-phone-numbers = Vérifiez les numéros de téléphone.
err-websites = Vérifiez les sites web.
err-scammer-emails = Vérifiez les adresses e-mail.
err-payment-details = Vérifiez ces informations.
err-remote-id = Vérifiez l'identifiant d'accès à distance.
err-incident-date = Indiquez une date qui n'est pas dans le futur.
err-choose = Merci de choisir une des options.
err-list-long = Indiquez au plus { $max } éléments.
err-too-long = C'est trop long. Merci de raccourcir.
err-screenshot-type = Seules les images PNG et JPEG sont acceptées.
err-screenshot-size = Chaque capture peut faire au plus { $max } Mo.
err-screenshot-count = Vous pouvez envoyer au plus { $max } captures.

## Confirmation
thanks-title = Merci, votre signalement a été reçu
thanks-reference = Votre numéro de référence :
thanks-keep = Notez-le. Donnez-le à la police ou à votre banque si vous leur parlez de cette arnaque.
thanks-indicators = { $n ->
    [one] Nous avons trouvé un numéro, une adresse ou un compte dans votre signalement.
   *[other] Nous avons trouvé { $n } numéros, adresses ou comptes dans votre signalement.
}
thanks-screenshots = { $n ->
    [one] Une capture a été enregistrée.
   *[other] { $n } captures ont été enregistrées.
}
advice-title = Que faire maintenant
advice-remote-title = Ils ont eu accès à votre ordinateur
advice-remote-1 = Déconnectez l'ordinateur d'internet (Wi-Fi coupé ou câble débranché) et désinstallez le logiciel d'accès à distance qu'ils vous ont fait installer.
advice-remote-2 = Faites vérifier l'ordinateur : lancez une analyse complète avec votre antivirus, ou demandez l'aide d'une personne de confiance.
advice-remote-3 = Depuis un autre appareil, changez les mots de passe de votre messagerie, de votre banque en ligne et de vos comptes d'achat, et activez la validation en deux étapes.
advice-gift-title = Vous avez payé avec des cartes cadeaux
advice-gift = Appelez tout de suite l'émetteur des cartes (le numéro figure au dos de la carte ou sur son site officiel), dites-lui qu'il s'agit d'une arnaque et donnez-lui les numéros des cartes. Gardez les cartes et les tickets.
advice-bank-title = Vous avez payé par virement ou par carte
advice-bank = Appelez tout de suite votre banque, au numéro figurant sur votre carte ou votre relevé. Dites-lui qu'il s'agit d'une arnaque : elle pourra peut-être bloquer ou rappeler le paiement et protégera votre compte.
advice-crypto-title = Vous avez payé en cryptomonnaie
advice-crypto = Contactez immédiatement la plateforme d'échange ou l'exploitant du distributeur de Bitcoin et gardez les identifiants de transaction et les reçus.
advice-recovery = Méfiez-vous des personnes qui vous contactent ensuite pour récupérer votre argent contre des frais : c'est la même arnaque, une deuxième fois.
next-title = La suite
next-1 = Votre signalement est comparé aux autres pour trouver les personnes et les numéros derrière ces arnaques. Les entreprises et la police utilisent ces liens pour les faire fermer.
next-2 = Nous ne vous contacterons pas. Si vous souhaitez pouvoir être contacté, envoyez un nouveau signalement avec vos coordonnées et votre accord.
next-2-consent = Vous avez accepté que les autorités vous contactent. Elles utiliseront les coordonnées que vous avez données.
thanks-check = Vérifier un autre numéro ou lien

## Check
check-title = Est-ce une arnaque ?
check-lead = Collez un numéro de téléphone, une adresse web, une adresse e-mail ou un message entier. Nous le comparons aux signalements d'autres personnes et cherchons les ruses des escrocs.
check-label = Numéro, lien ou message
check-hint = Par exemple +33 9 70 00 00 00, assistance-microsoft-aide.fr ou le texte d'une fenêtre.
check-submit = Vérifier
check-why = Pourquoi
check-what-now = Ce que vous devez faire
check-found = Ce que nous avons examiné
check-report-it = Le signaler
verdict-scam = C'est une arnaque
verdict-scam-summary = N'appelez pas, ne cliquez pas, ne payez pas. Si c'est déjà fait, suivez les conseils ci-dessous.
verdict-suspicious = Cela semble suspect
verdict-suspicious-summary = Soyez très prudent : il y a des signes d'arnaque.
verdict-official = C'est officiel
verdict-official-summary = Cela appartient à la vraie entreprise. Les escrocs copient parfois de vraies coordonnées : ne donnez donc jamais d'accès à distance et ne payez jamais en cartes cadeaux.
verdict-unknown = Nous ne savons rien de mauvais à ce sujet
verdict-unknown-summary = Cela ne veut pas dire que c'est sûr. Contactez les entreprises uniquement via leur site ou leur application officiels.
err-check-empty = Collez un numéro, un lien ou un message.
err-check-long = C'est trop long : { $max } Ko au maximum.
err-check-invalid = Vérification impossible
check-indicator = { $type } : { $value }
ind-phone = Numéro de téléphone
ind-url = Lien
ind-domain = Site web
ind-email = Adresse e-mail
ind-ip = Adresse IP
ind-remote-access-id = Identifiant d'accès à distance
ind-crypto-wallet = Portefeuille crypto
ind-iban = Compte bancaire
ind-gift-card = Carte cadeau
ind-other = Autre

## Guidance
guide-title = Protégez-vous des arnaques au faux support technique
guide-lead = Les escrocs se font passer pour Microsoft, Apple, Amazon, votre banque ou votre fournisseur d'accès. Ils vous font peur avec un faux problème, puis demandent l'accès à votre ordinateur ou de l'argent.
guide-toc = Sur cette page
guide-recognise = Comment les reconnaître
guide-recognise-1 = Une fenêtre ou un avertissement plein écran affirme que votre ordinateur est bloqué ou infecté et affiche un numéro. Les vrais avertissements n'affichent jamais de numéro.
guide-recognise-2 = Quelqu'un vous appelle à l'improviste en disant être de Microsoft, Windows, Amazon ou votre fournisseur d'accès.
guide-recognise-3 = On vous demande d'installer AnyDesk, TeamViewer, Assistance rapide ou un logiciel semblable, ou de lire un code.
guide-recognise-4 = On exige un paiement en cartes cadeaux, en cryptomonnaie, via un distributeur de Bitcoin ou un virement vers un « compte sécurisé ».
guide-recognise-5 = On vous presse, on vous demande de ne pas raccrocher et de ne rien dire à votre banque ni à votre famille.
guide-avoid = Comment les éviter
guide-avoid-1 = N'appelez jamais un numéro affiché dans une fenêtre. Fermez le navigateur ; s'il ne se ferme pas, redémarrez l'ordinateur.
guide-avoid-2 = Ne donnez jamais d'accès à distance à quelqu'un qui vous a contacté le premier.
guide-avoid-3 = Cherchez vous-même les numéros d'assistance sur le site officiel de l'entreprise, ou vérifiez-les ici.
guide-avoid-4 = Aucune vraie entreprise ni administration ne se fait payer en cartes cadeaux ou en cryptomonnaie.
guide-refund = Arnaques au remboursement et à la récupération
guide-refund-1 = Un appelant dit que vous avez droit à un remboursement et vous demande de vous connecter à votre banque « pour le recevoir ». Il prétend ensuite avoir versé trop et exige que vous rendiez la différence.
guide-refund-2 = Après une arnaque, d'autres peuvent proposer de récupérer votre argent contre des frais. Ce sont aussi des escrocs.
guide-happened = Si c'est déjà arrivé
guide-report = Comment le signaler
guide-report-1 = Signalez-le ici : votre signalement est relié aux autres pour trouver les réseaux derrière ces arnaques.
guide-report-authorities = Prévenez aussi votre banque et la police :
guide-authority-1 = France : Info Escroqueries au 0 805 805 817 (gratuit), la plateforme PHAROS (internet-signalement.gouv.fr) et une plainte auprès de la police ou de la gendarmerie.
guide-authority-2 = Belgique : le Point de contact du SPF Économie (pointdecontact.belgique.be) et la police locale.
guide-authority-3 = Ailleurs : la police locale ; beaucoup acceptent les signalements en ligne.
