# Dragnet public pages: español.

## Frame
skip-to-content = Saltar al contenido
nav-label = Principal
nav-report = Denunciar una estafa
nav-check = ¿Es una estafa?
nav-guidance = Protéjase
lang-label = Idioma
footer-emergency = Si está en peligro o acaba de perder dinero, llame ahora a su banco y a la policía.
footer-privacy = Sus datos de contacto se cifran y solo se usan para dar seguimiento a su denuncia. Nunca se publican.
required = (obligatorio)

## Home
home-title = Contra las estafas del falso soporte técnico
home-lead = Falso soporte de "Microsoft" o "Amazon", ventanas que dicen que su ordenador está bloqueado, llamadas que piden acceso remoto o tarjetas regalo: cuéntenos qué pasó, compruebe un número o enlace y aprenda a protegerse.
home-report = Cuéntenos qué pasó. Su denuncia ayuda a encontrar los centros de llamadas detrás de estas estafas y a avisar a otros.
home-report-cta = Denunciar una estafa
home-check = Pegue un número de teléfono, una dirección web o un mensaje y vea lo que sabemos.
home-check-cta = Comprobar
home-guidance = Cómo reconocer estas estafas, evitarlas y qué hacer si ya ha ocurrido.
home-guidance-cta = Leer los consejos
home-now-title = Si está pasando ahora mismo
home-now-1 = Cuelgue. Cierre la ventana o el navegador. No llame al número que aparece en la pantalla.
home-now-2 = Si están conectados a su ordenador, desconecte internet (wifi o cable) ahora.
home-now-3 = Si ha pagado, llame enseguida a su banco o a la empresa de la tarjeta regalo: a veces el dinero aún se puede detener.

## Problems
problem-back = Volver e intentarlo de nuevo
problem-rate-title = Demasiadas solicitudes
problem-rate-body = Ha enviado mucho en poco tiempo. Espere un minuto e inténtelo de nuevo.
problem-expired-title = Este formulario ha caducado
problem-expired-body = Por su seguridad, los formularios solo pueden enviarse desde este sitio y durante un tiempo limitado. Vuelva atrás, recargue la página y envíelo de nuevo. No se ha guardado nada.
problem-large-title = Es demasiado grande
problem-large-body = Lo que ha enviado supera el tamaño permitido. Envíe menos capturas o más pequeñas. No se ha guardado nada.
problem-bad-title = No se pudo leer
problem-bad-body = Lo que ha enviado no se pudo leer. Vuelva atrás e inténtelo de nuevo. No se ha guardado nada.
problem-spam-title = No se pudo aceptar su denuncia
problem-spam-body = Parecía un envío automático. Si es usted una persona, vuelva atrás, recargue la página y envíela de nuevo.
problem-store-title = No pudimos guardar su denuncia
problem-store-body = Nuestro sistema está ocupado o no disponible. Vuelva atrás y envíela de nuevo dentro de unos minutos.

## Report form
report-title = Denunciar una estafa
report-lead = Cuente con sus propias palabras qué pasó. Solo la descripción es obligatoria; todo lo demás nos ayuda a relacionar su denuncia con otras.
form-has-errors = Corrija lo siguiente
form-expired = Por su seguridad, este formulario había caducado. Lo que escribió se conserva abajo: revíselo y envíelo de nuevo.
form-too-fast = El formulario se envió muy rápido. Revise sus datos y envíelo de nuevo.
honeypot = Deje este campo vacío
fs-what = Sobre la estafa
fs-contact = Cómo le contactaron
fs-contact-hint = Números de teléfono, direcciones web y correos electrónicos que usaron los estafadores. Uno por línea.
fs-money = Dinero
fs-screenshots = Capturas de pantalla
fs-you = Sobre usted (opcional)
fs-you-hint = Solo si acepta que le contacten sobre su denuncia.
f-narrative = ¿Qué pasó?
f-narrative-hint = Por ejemplo: "Una ventana decía que mi ordenador estaba bloqueado y que llamara al 900 123 456. El hombre dijo que era de Microsoft…"
f-contact-method = ¿Cómo empezó?
f-brand = ¿Quién dijeron ser?
f-brand-hint = Por ejemplo Microsoft, Amazon, Apple, su banco o la policía.
f-incident-date = ¿Cuándo pasó?
f-phone-numbers = Números de teléfono
f-phone-numbers-hint = Con el prefijo del país si lo conoce, por ejemplo +34 900 123 456.
f-websites = Sitios web o enlaces
f-websites-hint = Por ejemplo soporte-microsoft-ayuda.es o el enlace completo del mensaje.
f-scammer-emails = Direcciones de correo electrónico
f-remote-tool = ¿Le pidieron instalar un programa de acceso remoto?
f-remote-id = ID de acceso remoto
f-remote-id-hint = El número que mostró el programa, si aún lo tiene (por ejemplo 123 456 789).
f-remote-access-given = Les dejé conectarse a mi ordenador o teléfono.
f-payment-method = ¿Cómo pagó, si pagó?
f-payment-details = Adónde le dijeron que enviara el dinero
f-payment-details-hint = Números de tarjetas regalo, cuenta bancaria (IBAN) o direcciones de monederos de criptomonedas. Uno por línea.
f-loss-amount = Importe perdido
f-loss-amount-hint = Por ejemplo 499,00
f-loss-currency = Moneda
f-screenshots = Capturas de pantalla (opcional)
f-screenshots-hint = Imágenes PNG o JPEG, hasta 3, de { $max } MB como máximo cada una. Eliminamos la información oculta (como la ubicación).
f-reporter-name = Su nombre
f-reporter-email = Su correo electrónico
f-reporter-phone = Su teléfono
f-reporter-country = Su país
f-contact-consent = La policía y otras autoridades pueden contactarme sobre esta denuncia.
report-privacy = Su denuncia se guarda de forma segura. Su nombre, correo y teléfono se cifran y nunca se comparten ni se publican.
report-submit = Enviar denuncia

contact-phone-call = Una llamada
contact-popup = Una ventana emergente o un aviso en la pantalla
contact-email = Un correo electrónico
contact-sms = Un SMS
contact-web-ad = Un anuncio o resultado de búsqueda
contact-social = Redes sociales
contact-other = Otra cosa
remote-none = No / no lo sé
remote-other = Otro programa
payment-none = No pagué
payment-gift-card = Tarjetas regalo
payment-bank-transfer = Transferencia bancaria
payment-card = Tarjeta de crédito o débito
payment-crypto = Criptomonedas o cajero de Bitcoin
payment-money-transfer = Envío de dinero (p. ej. Western Union)
payment-cash = Efectivo
payment-other = Otro
country-unstated = Prefiero no decirlo
country-US = Estados Unidos
country-GB = Reino Unido
country-IE = Irlanda
country-CA = Canadá
country-AU = Australia
country-NZ = Nueva Zelanda
country-IN = India
country-DE = Alemania
country-AT = Austria
country-CH = Suiza
country-FR = Francia
country-BE = Bélgica
country-LU = Luxemburgo
country-ES = España
country-MX = México
country-AR = Argentina
country-CO = Colombia
country-CL = Chile
country-PE = Perú
country-IT = Italia
country-NL = Países Bajos
country-PT = Portugal

## Field errors
err-narrative = Describa qué pasó.
err-contact-method = Elija una de las opciones.
err-brand = Acórtelo, por favor.
err-payment-method = Elija una de las opciones.
err-loss-amount = Escriba el importe como número, por ejemplo 499,00.
err-loss-currency = Elija una moneda.
err-reporter-country = Elija un país de la lista.
err-reporter-name = Acorte su nombre, por favor.
err-reporter-email = Escriba un correo como nombre@ejemplo.es o deje el campo vacío.
err-reporter-phone = Revise su número de teléfono.
err-phone-numbers = Revise los números de teléfono.
err-websites = Revise los sitios web.
err-scammer-emails = Revise las direcciones de correo.
err-payment-details = Revise estos datos.
err-remote-id = Revise el ID de acceso remoto.
err-incident-date = Escriba una fecha que no sea futura.
err-choose = Elija una de las opciones.
err-list-long = Escriba como máximo { $max } entradas.
err-too-long = Es demasiado largo. Acórtelo, por favor.
err-screenshot-type = Solo se pueden subir imágenes PNG y JPEG.
err-screenshot-size = Cada captura puede ocupar como máximo { $max } MB.
err-screenshot-count = Puede subir como máximo { $max } capturas.

## Confirmation
thanks-title = Gracias, hemos recibido su denuncia
thanks-reference = Su número de referencia:
thanks-keep = Apúntelo. Déselo a la policía o a su banco si habla con ellos sobre esta estafa.
thanks-indicators = { $n ->
    [one] Encontramos un número de teléfono, dirección o cuenta en su denuncia.
   *[other] Encontramos { $n } números de teléfono, direcciones o cuentas en su denuncia.
}
thanks-screenshots = { $n ->
    [one] Se guardó una captura.
   *[other] Se guardaron { $n } capturas.
}
advice-title = Qué hacer ahora
advice-remote-title = Tuvieron acceso a su ordenador
advice-remote-1 = Desconecte el ordenador de internet (apague el wifi o quite el cable) y desinstale el programa de acceso remoto que le hicieron instalar.
advice-remote-2 = Haga revisar el ordenador: pase un análisis completo con su antivirus o pida ayuda a alguien de confianza.
advice-remote-3 = Desde otro dispositivo, cambie las contraseñas de su correo, banca en línea y cuentas de compras, y active la verificación en dos pasos.
advice-gift-title = Pagó con tarjetas regalo
advice-gift = Llame ahora a la empresa que emitió las tarjetas (el número está en el reverso o en su web oficial), dígales que fue una estafa y deles los números de las tarjetas. Guarde las tarjetas y los tiques.
advice-bank-title = Pagó por transferencia o con tarjeta
advice-bank = Llame ahora a su banco, al número que figura en su tarjeta o en su extracto. Dígales que fue una estafa: quizá puedan detener o recuperar el pago y protegerán su cuenta.
advice-crypto-title = Pagó con criptomonedas
advice-crypto = Contacte enseguida con la plataforma de intercambio o el operador del cajero de Bitcoin y guarde los identificadores de las transacciones y los recibos.
advice-recovery = Desconfíe de quien le contacte después ofreciendo recuperar su dinero a cambio de una comisión: es la misma estafa otra vez.
next-title = Qué pasará ahora
next-1 = Su denuncia se compara con otras para encontrar a las personas y los números detrás de estas estafas. Empresas y policía usan estas conexiones para cerrarlas.
next-2 = No le contactaremos. Si quiere que puedan contactarle, envíe una nueva denuncia con sus datos y su consentimiento.
next-2-consent = Ha aceptado que las autoridades puedan contactarle. Usarán los datos que nos dio.
thanks-check = Comprobar otro número o enlace

## Check
check-title = ¿Es una estafa?
check-lead = Pegue un número de teléfono, una dirección web, un correo electrónico o un mensaje completo. Lo comparamos con las denuncias de otras personas y buscamos los trucos de los estafadores.
check-label = Número, enlace o mensaje
check-hint = Por ejemplo +34 900 123 456, soporte-microsoft-ayuda.es o el texto de una ventana emergente.
check-submit = Comprobar
check-why = Por qué
check-what-now = Qué debe hacer
check-found = Qué hemos revisado
check-report-it = Denunciarlo
verdict-scam = Es una estafa
verdict-scam-summary = No llame, no haga clic, no pague. Si ya lo hizo, siga los consejos de abajo.
verdict-suspicious = Parece sospechoso
verdict-suspicious-summary = Tenga mucho cuidado: hay señales de estafa.
verdict-official = Es oficial
verdict-official-summary = Pertenece a la empresa real. Los estafadores a veces copian datos reales: aun así, nunca dé acceso remoto ni pague con tarjetas regalo.
verdict-unknown = No sabemos nada malo de esto
verdict-unknown-summary = Eso no significa que sea seguro. Contacte con las empresas solo a través de su web o app oficial.
err-check-empty = Pegue un número, un enlace o un mensaje.
err-check-long = Es demasiado largo: como máximo { $max } KB.
err-check-invalid = No se pudo comprobar
check-indicator = { $type }: { $value }
ind-phone = Número de teléfono
ind-url = Enlace
ind-domain = Sitio web
ind-email = Correo electrónico
ind-ip = Dirección IP
ind-remote-access-id = ID de acceso remoto
ind-crypto-wallet = Monedero de criptomonedas
ind-iban = Cuenta bancaria
ind-gift-card = Tarjeta regalo
ind-other = Otro

## Guidance
guide-title = Protéjase de las estafas del falso soporte técnico
guide-lead = Los estafadores se hacen pasar por Microsoft, Apple, Amazon, su banco o su proveedor de internet. Le asustan con un problema falso y luego piden acceso a su ordenador o dinero.
guide-toc = En esta página
guide-recognise = Cómo reconocerlas
guide-recognise-1 = Una ventana o aviso a pantalla completa dice que su ordenador está bloqueado o infectado y muestra un teléfono. Los avisos reales nunca muestran un teléfono.
guide-recognise-2 = Alguien le llama sin esperarlo diciendo que es de Microsoft, Windows, Amazon o su proveedor de internet.
guide-recognise-3 = Le piden instalar AnyDesk, TeamViewer, Asistencia rápida u otro programa parecido, o que lea un código.
guide-recognise-4 = Quieren el pago en tarjetas regalo, criptomonedas, un cajero de Bitcoin o una transferencia a una "cuenta segura".
guide-recognise-5 = Le meten prisa, le piden que no cuelgue y que no se lo cuente a su banco ni a su familia.
guide-avoid = Cómo evitarlas
guide-avoid-1 = Nunca llame a un número que aparezca en una ventana emergente. Cierre el navegador; si no se cierra, reinicie el ordenador.
guide-avoid-2 = Nunca dé acceso remoto a alguien que le contactó primero.
guide-avoid-3 = Busque usted mismo los teléfonos de soporte en la web oficial de la empresa, o compruébelos aquí.
guide-avoid-4 = Ninguna empresa ni autoridad real pide que se le pague con tarjetas regalo o criptomonedas.
guide-refund = Estafas de reembolso y de recuperación
guide-refund-1 = Alguien le llama diciendo que le corresponde un reembolso y le pide entrar en su banco "para recibirlo". Luego dice que le envió de más y exige que le devuelva la diferencia.
guide-refund-2 = Tras una estafa, otros pueden ofrecerle recuperar su dinero a cambio de una comisión. También son estafadores.
guide-happened = Si ya ha ocurrido
guide-report = Cómo denunciarlo
guide-report-1 = Denúncielo aquí: su denuncia se relaciona con otras para encontrar las organizaciones detrás de estas estafas.
guide-report-authorities = Avise también a su banco y a la policía:
guide-authority-1 = España: Policía Nacional o Guardia Civil (denuncia en comisaría o en línea) y la línea de ayuda en ciberseguridad de INCIBE, 017.
guide-authority-2 = México: Policía Cibernética de su estado o la Guardia Nacional (088).
guide-authority-3 = En otros países: la policía local; muchas aceptan denuncias en línea.
