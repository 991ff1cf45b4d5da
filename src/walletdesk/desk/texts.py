"""What the desk itself says to customers around a handoff, in zh/en/es/ar: the questions
asked before a human joins, the place in the queue, the rating request, escalation news.

Every one of these still passes the outgoing guard when sent."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "intake_intro": {
        "en": "While I connect you, a quick question so the agent can help right away "
        "(type “skip” to go straight to the queue):",
        "zh": "在为您转接的同时，先简单问一个问题，方便客服马上处理（输入“跳过”可直接排队）：",
        "es": "Mientras te conecto, una pregunta rápida para que el agente pueda ayudarte "
        "enseguida (escribe «omitir» para pasar directo a la cola):",
        "ar": "أثناء تحويلك، سؤال سريع حتى يتمكن الموظف من مساعدتك فورًا "
        "(اكتب «تخطي» للانتقال مباشرة إلى قائمة الانتظار):",
    },
    "ask_topic": {
        "en": "What is it about, in a sentence or two?",
        "zh": "请用一两句话说明遇到了什么问题？",
        "es": "¿De qué se trata, en una o dos frases?",
        "ar": "ما موضوع طلبك، في جملة أو جملتين؟",
    },
    "ask_chain": {
        "en": "Which network was it on (for example Ethereum, BNB Chain, Tron, Polygon, Bitcoin)?",
        "zh": "是在哪条链上操作的（例如以太坊、币安链 BSC、波场 Tron、Polygon、比特币）？",
        "es": "¿En qué red fue (por ejemplo Ethereum, BNB Chain, Tron, Polygon, Bitcoin)?",
        "ar": "على أي شبكة كانت العملية (مثل Ethereum أو BNB Chain أو Tron أو Polygon أو Bitcoin)؟",
    },
    "ask_tx_hash": {
        "en": "Do you have the transaction hash (TxID)? You can copy it from the transaction "
        "details in the app. It is public and safe to share.",
        "zh": "您有这笔交易的哈希（TxID）吗？可以在 App 的交易详情里复制，"
        "它是公开信息，可以放心发送。",
        "es": "¿Tienes el hash de la transacción (TxID)? Puedes copiarlo en los detalles de la "
        "transacción en la app. Es público y se puede compartir sin riesgo.",
        "ar": "هل لديك معرّف المعاملة (TxID أو الهاش)؟ يمكنك نسخه من تفاصيل المعاملة في التطبيق، "
        "وهو معلومة عامة وآمنة للمشاركة.",
    },
    "ask_address": {
        "en": "Which public address is involved (your receiving address or the one you sent "
        "to)? Only the address, which starts with 0x, T, bc1 and so on.",
        "zh": "涉及的是哪个公开地址（您的收款地址或转入的地址）？"
        "只需要地址本身，例如以 0x、T、bc1 开头的那串字符。",
        "es": "¿Qué dirección pública está involucrada (la tuya de recepción o a la que "
        "enviaste)? Solo la dirección, la que empieza por 0x, T, bc1, etc.",
        "ar": "ما العنوان العام المعني (عنوان الاستلام الخاص بك أو العنوان الذي أرسلت إليه)؟ "
        "العنوان فقط، الذي يبدأ بـ 0x أو T أو bc1 وغيرها.",
    },
    "ask_amount": {
        "en": "About how much was involved (amount and token, e.g. 200 USDT)?",
        "zh": "大概涉及多少资产（数量和币种，例如 200 USDT）？",
        "es": "¿Aproximadamente qué cantidad (monto y token, por ejemplo 200 USDT)?",
        "ar": "كم المبلغ تقريبًا (الكمية والعملة، مثل 200 USDT)؟",
    },
    "ask_when": {
        "en": "When did it happen?",
        "zh": "这是什么时候发生的？",
        "es": "¿Cuándo ocurrió?",
        "ar": "متى حدث ذلك؟",
    },
    "ask_urgency": {
        "en": "Are funds at risk right now (for example, assets are still being moved out)? "
        "Answer yes or no.",
        "zh": "现在资产是否仍处于危险中（例如还在被转走）？请回答“是”或“否”。",
        "es": "¿Hay fondos en riesgo ahora mismo (por ejemplo, siguen saliendo activos)? "
        "Responde sí o no.",
        "ar": "هل هناك أموال في خطر الآن (مثلًا ما زالت الأصول تُنقل)؟ أجب بنعم أو لا.",
    },
    "intake_done": {
        "en": "Thank you, I have passed this on to the team.",
        "zh": "谢谢，我已把这些信息转交给客服团队。",
        "es": "Gracias, ya se lo pasé al equipo.",
        "ar": "شكرًا، لقد نقلت هذه المعلومات إلى الفريق.",
    },
    "queue_place": {
        "en": "You are number {position} in line. Estimated wait: about {minutes} min.",
        "zh": "您目前排在第 {position} 位，预计等待约 {minutes} 分钟。",
        "es": "Eres el número {position} en la fila. Espera estimada: unos {minutes} min.",
        "ar": "ترتيبك في قائمة الانتظار: {position}. الوقت المتوقع: نحو {minutes} دقيقة.",
    },
    "queue_assigned": {
        "en": "An agent has your conversation and will reply here.",
        "zh": "已有客服接手您的对话，会在这里回复您。",
        "es": "Un agente ya tiene tu conversación y te responderá aquí.",
        "ar": "تولّى أحد الموظفين محادثتك وسيرد عليك هنا.",
    },
    "queue_offline": {
        "en": "No agent is online right now. Leave your email and we will answer you there, "
        "or keep this window open.",
        "zh": "目前没有在线客服。您可以留下邮箱，我们会通过邮件回复；也可以保持窗口打开等待。",
        "es": "Ahora mismo no hay agentes conectados. Deja tu correo y te responderemos allí, "
        "o mantén esta ventana abierta.",
        "ar": "لا يوجد موظف متصل الآن. اترك بريدك الإلكتروني وسنرد عليك عبره، أو أبقِ هذه "
        "النافذة مفتوحة.",
    },
    "queue_offline_email": {
        "en": "No agent is online right now. We will answer you in this email thread as soon "
        "as someone is back.",
        "zh": "目前没有在线客服。客服上线后会第一时间通过本邮件回复您。",
        "es": "Ahora mismo no hay agentes conectados. Te responderemos en este hilo de correo en "
        "cuanto vuelva alguien.",
        "ar": "لا يوجد موظف متصل الآن. سنرد عليك في سلسلة الرسائل هذه فور عودة أحد الموظفين.",
    },
    "email_saved": {
        "en": "Thanks, we will also answer you by email.",
        "zh": "谢谢，我们也会通过邮件回复您。",
        "es": "Gracias, también te responderemos por correo.",
        "ar": "شكرًا، سنرد عليك أيضًا عبر البريد الإلكتروني.",
    },
    "csat_request": {
        "en": "This case is marked solved. How did we do? Rate us from 1 to 5; "
        "if anything is still wrong, just reply here and it reopens.",
        "zh": "此问题已标记为解决。您对本次服务满意吗？请打 1 到 5 分；"
        "如果问题仍未解决，直接在这里回复即可重新打开。",
        "es": "Este caso quedó resuelto. ¿Qué tal lo hicimos? Puntúanos del 1 al 5; si algo "
        "sigue mal, responde aquí y se reabre.",
        "ar": "تم وضع علامة «تم الحل» على طلبك. كيف كانت الخدمة؟ قيّمنا من 1 إلى 5، وإذا بقيت "
        "المشكلة فاكتب هنا وسيُعاد فتح الطلب.",
    },
    "csat_thanks": {
        "en": "Thank you for your rating.",
        "zh": "感谢您的评价。",
        "es": "Gracias por tu valoración.",
        "ar": "شكرًا لتقييمك.",
    },
    "reopened": {
        "en": "Your case is open again; an agent will reply here.",
        "zh": "您的问题已重新打开，客服会在这里回复您。",
        "es": "Tu caso está abierto de nuevo; un agente te responderá aquí.",
        "ar": "أُعيد فتح طلبك، وسيرد عليك أحد الموظفين هنا.",
    },
    "technical_investigating": {
        "en": "Update: our technical team is now looking into your case. We will tell you here "
        "when anything changes.",
        "zh": "进展：技术团队正在调查您的问题，有任何变化我们会在这里通知您。",
        "es": "Novedad: nuestro equipo técnico está revisando tu caso. Te avisaremos aquí cuando "
        "haya cambios.",
        "ar": "تحديث: يعمل فريقنا التقني الآن على دراسة حالتك، وسنخبرك هنا بأي تغيير.",
    },
    "technical_fix_in_progress": {
        "en": "Update: the technical team found the cause and a fix is in progress.",
        "zh": "进展：技术团队已找到原因，正在修复。",
        "es": "Novedad: el equipo técnico encontró la causa y está preparando una solución.",
        "ar": "تحديث: وجد الفريق التقني السبب والإصلاح قيد التنفيذ.",
    },
    "technical_resolved": {
        "en": "Update: the technical team has resolved the issue. Please check again and tell "
        "us here if anything is still wrong.",
        "zh": "进展：技术团队已解决该问题。请再试一次，如仍有问题请在这里告诉我们。",
        "es": "Novedad: el equipo técnico resolvió el problema. Vuelve a comprobarlo y dinos aquí "
        "si algo sigue fallando.",
        "ar": "تحديث: حلّ الفريق التقني المشكلة. يُرجى التحقق مرة أخرى وإخبارنا هنا إن بقي أي خلل.",
    },
    "draft_open": {
        "en": "Hi, this is {agent} from the support team. Thanks for the details.",
        "zh": "您好，我是客服 {agent}，感谢您提供的信息。",
        "es": "Hola, soy {agent}, del equipo de soporte. Gracias por los detalles.",
        "ar": "مرحبًا، معك {agent} من فريق الدعم. شكرًا على التفاصيل.",
    },
    "draft_read": {
        "en": "Step by step",
        "zh": "详细步骤",
        "es": "Paso a paso",
        "ar": "الخطوات بالتفصيل",
    },
    "draft_close": {
        "en": "Does this solve it? If not, tell me what you see and we will go on from there.",
        "zh": "这样能解决吗？如果还不行，请告诉我您看到的情况，我们继续处理。",
        "es": "¿Con esto se resuelve? Si no, cuéntame qué ves y seguimos desde ahí.",
        "ar": "هل حلّ هذا المشكلة؟ إن لم يحلّها، أخبرني بما تراه وسنكمل من هناك.",
    },
}


def text(key: str, language: str, **values: str) -> str:
    table = TEXTS[key]
    template = table.get(language, table["en"])
    return template.format(**values) if values else template
