"""The bot's own sentences in zh/en/es/ar. Articles carry the knowledge; these carry the
conversation around them."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "welcome": {
        "en": "Hi! I'm the {brand} support assistant. Ask me anything about your wallet. "
        "We will never ask for your recovery phrase, private key or password.",
        "zh": "您好！我是 {brand} 的客服助手，钱包的问题都可以问我。"
        "我们永远不会索要您的助记词、私钥或密码。",
        "es": "¡Hola! Soy el asistente de soporte de {brand}. Pregúntame lo que necesites sobre tu "
        "billetera. Nunca te pediremos tu frase de recuperación, clave privada ni contraseña.",
        "ar": "مرحبًا! أنا مساعد الدعم في {brand}. اسألني أي شيء عن محفظتك. "
        "لن نطلب منك أبدًا عبارة الاسترداد أو المفتاح الخاص أو كلمة المرور.",
    },
    "secret_pasted": {
        "en": "Stop: your message contained what looks like a recovery phrase or private key. "
        "I removed it before it was stored, and nobody here can see it. Treat it as compromised "
        "all the same: create a new wallet with a new phrase, back that one up on paper, and move "
        "your funds there as soon as you can. Support never needs your phrase or keys.",
        "zh": "请注意：您的消息里含有疑似助记词或私钥的内容。我们已在保存前将其删除，任何人都看不到。"
        "但请把它视为已经泄露：尽快创建一个新钱包（新的助记词，抄在纸上备份），并把资产转到新钱包。"
        "客服永远不需要您的助记词或私钥。",
        "es": "Atención: tu mensaje contenía lo que parece una frase de recuperación o una clave "
        "privada. La eliminamos antes de guardarla y nadie aquí puede verla. Aun así, considérala "
        "comprometida: crea una billetera nueva con una frase nueva, respáldala en papel y mueve "
        "tus fondos allí lo antes posible. El soporte nunca necesita tu frase ni tus claves.",
        "ar": "تنبيه: رسالتك تضمنت ما يبدو أنه عبارة استرداد أو مفتاح خاص. حذفناها قبل حفظها ولا يمكن "
        "لأحد هنا رؤيتها. ومع ذلك اعتبرها مكشوفة: أنشئ محفظة جديدة بعبارة جديدة، واحفظها على ورق، "
        "وانقل أموالك إليها في أقرب وقت. فريق الدعم لا يحتاج أبدًا إلى عبارتك أو مفاتيحك.",
    },
    "never_ask": {
        "en": "We will never ask for your recovery phrase, private key or password.",
        "zh": "我们永远不会索要您的助记词、私钥或密码。",
        "es": "Nunca te pediremos tu frase de recuperación, clave privada ni contraseña.",
        "ar": "لن نطلب منك أبدًا عبارة الاسترداد أو المفتاح الخاص أو كلمة المرور.",
    },
    "see_also": {"en": "See also", "zh": "相关文章", "es": "Ver también", "ar": "انظر أيضًا"},
    "address_ok": {
        "en": "The address {address} is a valid {family} address (usable on: {chains}).",
        "zh": "地址 {address} 是有效的 {family} 地址（可用于：{chains}）。",
        "es": "La dirección {address} es una dirección {family} válida (sirve en: {chains}).",
        "ar": "العنوان {address} عنوان {family} صالح (يعمل على: {chains}).",
    },
    "address_bad": {
        "en": "Careful: {address} does not look like a valid address ({code}). Do not send to it; copy the address again from the recipient.",
        "zh": "注意：{address} 看起来不是有效地址（{code}）。请不要向它转账，重新向收款方复制完整地址。",
        "es": "Cuidado: {address} no parece una dirección válida ({code}). No envíes nada; vuelve a copiar la dirección del destinatario.",
        "ar": "احذر: {address} لا يبدو عنوانًا صالحًا ({code}). لا ترسل إليه، وانسخ العنوان من المستلم مرة أخرى.",
    },
    "next_step": {
        "en": "Next step",
        "zh": "下一步",
        "es": "Siguiente paso",
        "ar": "الخطوة التالية",
    },
    "follow_up": {
        "en": "Sorry that didn't solve it. Let's try the next thing to check:",
        "zh": "抱歉还没解决。我们再检查下一项：",
        "es": "Siento que no se haya resuelto. Probemos lo siguiente:",
        "ar": "آسف لأن المشكلة لم تُحل. لنجرّب الخطوة التالية:",
    },
    "clarify": {
        "en": "Just to be sure I help with the right thing: is your question about «{a}» or «{b}»?",
        "zh": "为了准确帮到您，想确认一下：您问的是「{a}」，还是「{b}」？",
        "es": "Para ayudarte bien, ¿tu pregunta es sobre «{a}» o sobre «{b}»?",
        "ar": "حتى أساعدك بدقة: هل سؤالك عن «{a}» أم عن «{b}»؟",
    },
    "offer_human": {
        "en": 'If it still doesn\'t work, type "human" and a support agent will take over.',
        "zh": "如果还是不行，输入“转人工”，客服会接手处理。",
        "es": 'Si sigue sin funcionar, escribe "agente" y una persona del equipo te atenderá.',
        "ar": 'إذا استمرت المشكلة، اكتب "موظف" وسيتولى أحد موظفي الدعم محادثتك.',
    },
    "read_more": {
        "en": "Read the full article",
        "zh": "查看完整文章",
        "es": "Lee el artículo completo",
        "ar": "اقرأ المقال كاملًا",
    },
    "no_match": {
        "en": "I couldn't find a good answer to that in our help articles. Could you say it in "
        'other words, or type "human" and I\'ll pass you to a support agent?',
        "zh": "抱歉，我在帮助文章里没有找到合适的答案。您可以换个说法再问一次，"
        "或者输入“转人工”，我会为您转接人工客服。",
        "es": "No encontré una buena respuesta en nuestros artículos de ayuda. ¿Puedes decirlo con "
        'otras palabras, o escribir "agente" y te paso con una persona del equipo de soporte?',
        "ar": "لم أجد إجابة مناسبة في مقالات المساعدة. هل يمكنك إعادة صياغة سؤالك، أو اكتب "
        '"موظف" وسأحوّلك إلى أحد موظفي الدعم؟',
    },
    "maybe_related": {
        "en": "These articles might still help:",
        "zh": "这些文章也许有帮助：",
        "es": "Quizá te sirvan estos artículos:",
        "ar": "ربما تفيدك هذه المقالات:",
    },
    "handoff": {
        "en": "I'm passing this conversation to a human support agent. They will reply right "
        "here; urgent cases are answered first. Please keep this window open. Remember: our "
        "team will never ask for your recovery phrase, private key or password.",
        "zh": "正在为您转接人工客服，客服会在这里直接回复您，紧急情况会优先处理。请不要关闭此窗口。"
        "提醒：我们的客服永远不会向您索要助记词、私钥或密码。",
        "es": "Te paso con una persona del equipo de soporte. Te responderá aquí mismo; los casos "
        "urgentes se atienden primero. Mantén esta ventana abierta. Recuerda: nuestro equipo nunca "
        "te pedirá tu frase de recuperación, clave privada ni contraseña.",
        "ar": "سأحوّل هذه المحادثة إلى أحد موظفي الدعم، وسيرد عليك هنا مباشرة، والحالات العاجلة "
        "لها الأولوية. يُرجى إبقاء هذه النافذة مفتوحة. تذكّر: فريقنا لن يطلب منك أبدًا عبارة "
        "الاسترداد أو المفتاح الخاص أو كلمة المرور.",
    },
    "handoff_email": {
        "en": "I'm passing this conversation to a human support agent. They will answer in "
        "this email thread; urgent cases are answered first. To add anything, just reply to "
        "this email. Remember: our team will never ask for your recovery phrase, private key "
        "or password.",
        "zh": "正在为您转接人工客服，客服会在这封邮件的往来中回复您，紧急情况会优先处理。"
        "如需补充信息，直接回复本邮件即可。提醒：我们的客服永远不会向您索要助记词、私钥或密码。",
        "es": "Te paso con una persona del equipo de soporte. Te responderá en este mismo hilo de "
        "correo; los casos urgentes se atienden primero. Si quieres añadir algo, responde a este "
        "correo. Recuerda: nuestro equipo nunca te pedirá tu frase de recuperación, clave privada "
        "ni contraseña.",
        "ar": "سأحوّل هذه المحادثة إلى أحد موظفي الدعم، وسيرد عليك في سلسلة الرسائل هذه، والحالات "
        "العاجلة لها الأولوية. لإضافة أي معلومة، ما عليك إلا الرد على هذه الرسالة. تذكّر: فريقنا "
        "لن يطلب منك أبدًا عبارة الاسترداد أو المفتاح الخاص أو كلمة المرور.",
    },
    "lesson_offer": {
        "en": "Take the {minutes}-minute lesson: {title} — {url}",
        "zh": "花 {minutes} 分钟学一课：{title} — {url}",
        "es": "Haz la lección de {minutes} minutos: {title} — {url}",
        "ar": "خذ درسًا قصيرًا ({minutes} دقائق): {title} — {url}",
    },
    "risky_link": {
        "en": "Careful: {domain} is not an official site ({reason}). Do not connect your wallet, "
        "sign anything or enter your phrase there.",
        "zh": "注意：{domain} 不是官方网站（{reason}）。不要在该网站连接钱包、签名或输入助记词。",
        "es": "Cuidado: {domain} no es un sitio oficial ({reason}). No conectes tu billetera, no "
        "firmes nada ni escribas tu frase allí.",
        "ar": "احذر: {domain} ليس موقعًا رسميًا ({reason}). لا تربط محفظتك به ولا توقّع أي شيء ولا "
        "تكتب عبارتك فيه.",
    },
}


def message(key: str, language: str, **values: str) -> str:
    table = MESSAGES[key]
    return table.get(language, table["en"]).format(**values)
