"""The console's own words in zh/en/es/ar, and which language an agent sees.

The language is chosen with ``?lang=xx`` on any console page (remembered in the
``wd_lang`` cookie, scoped to ``/console``); English otherwise. Arabic pages are laid out
right to left (``dir="rtl"``; the stylesheets use logical properties). Customer content
(messages, facts, article titles) is shown as written, in its own language.

Stored codes (ticket status, priority, SLA state, role, skill...) are shown through
``tv(prefix, value)`` (``status.open``...; an unknown value is shown as it is); forms and
data attributes keep sending the English codes. console.js gets its words from a
``<script type="application/json" id="c-i18n">`` block (:func:`js_texts`), which the CSP
allows because it is never executed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response

UI_LANGUAGES = ("en", "zh", "es", "ar")
RTL_LANGUAGES = frozenset({"ar"})
COOKIE = "wd_lang"
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "es": "Español", "ar": "العربية"}
# what console.js reads from the page's i18n data block: these keys, and every key under
# these prefixes (``status.open``, ``priority.urgent``...), see :func:`js_texts`
JS_KEYS = (
    "send",
    "sending",
    "not_sent",
    "live_new",
    "live_escalated",
    "assigned",
    "conversation",
    "sla_new",
    "error_network",
    "error_conflict",
    "error_rate",
    "error_session",
    "error_generic",
)
JS_PREFIXES = frozenset({"status", "priority", "skill", "guard"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

CATALOGUE: dict[str, dict[str, str]] = {
    # frame
    "console": {
        "en": "Agent console",
        "zh": "客服工作台",
        "es": "Consola de agentes",
        "ar": "لوحة الموظفين",
    },
    "log_out": {"en": "Log out", "zh": "退出登录", "es": "Cerrar sesión", "ar": "تسجيل الخروج"},
    "language": {"en": "Language", "zh": "语言", "es": "Idioma", "ar": "اللغة"},
    # login and password
    "log_in": {"en": "Log in", "zh": "登录", "es": "Iniciar sesión", "ar": "تسجيل الدخول"},
    "email": {"en": "Email", "zh": "邮箱", "es": "Correo", "ar": "البريد الإلكتروني"},
    "password": {"en": "Password", "zh": "密码", "es": "Contraseña", "ar": "كلمة المرور"},
    "choose_password": {
        "en": "Choose your password",
        "zh": "设置您的密码",
        "es": "Elige tu contraseña",
        "ar": "اختر كلمة المرور",
    },
    "choose_password_hint": {
        "en": "Your one-time password worked. Choose a new one (at least 12 characters) to "
        "continue.",
        "zh": "一次性密码验证成功。请设置新密码（至少 12 个字符）后继续。",
        "es": "Tu contraseña de un solo uso funcionó. Elige una nueva (al menos 12 caracteres) "
        "para continuar.",
        "ar": "نجحت كلمة المرور المؤقتة. اختر كلمة مرور جديدة (12 حرفًا على الأقل) للمتابعة.",
    },
    "new_password": {
        "en": "New password",
        "zh": "新密码",
        "es": "Contraseña nueva",
        "ar": "كلمة المرور الجديدة",
    },
    "save": {"en": "Save", "zh": "保存", "es": "Guardar", "ar": "حفظ"},
    # queue
    "queue": {"en": "Queue", "zh": "工单队列", "es": "Cola", "ar": "قائمة الانتظار"},
    "view_all": {"en": "All open", "zh": "全部未结", "es": "Todas abiertas", "ar": "كل المفتوحة"},
    "view_mine": {"en": "Mine", "zh": "我的", "es": "Mías", "ar": "الخاصة بي"},
    "view_waiting": {
        "en": "Waiting for an agent",
        "zh": "等待接待",
        "es": "Esperando agente",
        "ar": "بانتظار موظف",
    },
    "admin": {"en": "Admin", "zh": "管理", "es": "Administración", "ar": "الإدارة"},
    "analytics": {"en": "Analytics", "zh": "数据分析", "es": "Analítica", "ar": "التحليلات"},
    "you_are": {"en": "You are", "zh": "您当前", "es": "Estás", "ar": "حالتك"},
    "online": {"en": "online", "zh": "在线", "es": "en línea", "ar": "متصل"},
    "away": {"en": "away", "zh": "离开", "es": "ausente", "ar": "غير متاح"},
    "go_online": {"en": "Go online", "zh": "上线", "es": "Conectarme", "ar": "الاتصال"},
    "go_away": {"en": "Go away", "zh": "暂离", "es": "Ausentarme", "ar": "الابتعاد"},
    "queue_empty": {
        "en": "No conversation is waiting for a human. The bot is handling everything.",
        "zh": "目前没有需要人工处理的对话，机器人正在处理所有咨询。",
        "es": "Ninguna conversación espera a una persona. El bot atiende todo.",
        "ar": "لا توجد محادثة بانتظار موظف. الروبوت يتولى كل شيء.",
    },
    "col_priority": {"en": "Priority", "zh": "优先级", "es": "Prioridad", "ar": "الأولوية"},
    "col_sla": {"en": "SLA", "zh": "SLA", "es": "SLA", "ar": "مستوى الخدمة"},
    "col_language": {"en": "Language", "zh": "语言", "es": "Idioma", "ar": "اللغة"},
    "col_topic": {"en": "Topic", "zh": "主题", "es": "Tema", "ar": "الموضوع"},
    "col_skill": {"en": "Skill", "zh": "技能", "es": "Habilidad", "ar": "المهارة"},
    "col_risk": {"en": "Risk", "zh": "风险", "es": "Riesgo", "ar": "المخاطر"},
    "col_status": {"en": "Status", "zh": "状态", "es": "Estado", "ar": "الحالة"},
    "col_assignee": {"en": "Assignee", "zh": "处理人", "es": "Asignado a", "ar": "المسؤول"},
    "col_waiting": {
        "en": "Waiting since",
        "zh": "等待起始",
        "es": "Esperando desde",
        "ar": "بانتظار منذ",
    },
    "me": {"en": "me", "zh": "我", "es": "yo", "ar": "أنا"},
    "assigned": {"en": "assigned", "zh": "已分配", "es": "asignado", "ar": "مُسند"},
    "conversation": {"en": "conversation", "zh": "对话", "es": "conversación", "ar": "محادثة"},
    "escalated": {"en": "escalated", "zh": "已升级", "es": "escalado", "ar": "مُصعّد"},
    "live_new": {
        "en": "New ticket: ",
        "zh": "新工单：",
        "es": "Nuevo ticket: ",
        "ar": "تذكرة جديدة: ",
    },
    "live_escalated": {"en": "Escalated: ", "zh": "已升级：", "es": "Escalado: ", "ar": "مُصعّدة: "},
    # conversation page
    "back_to_queue": {
        "en": "← Queue",
        "zh": "← 返回队列",
        "es": "← Cola",
        "ar": "→ قائمة الانتظار",
    },
    "reply_placeholder": {
        "en": "Reply to the customer…",
        "zh": "回复客户…",
        "es": "Responder al cliente…",
        "ar": "الرد على العميل…",
    },
    "send": {"en": "Send", "zh": "发送", "es": "Enviar", "ar": "إرسال"},
    "not_sent": {"en": "Not sent: ", "zh": "未发送：", "es": "No enviado: ", "ar": "لم يُرسل: "},
    "mark_solved": {
        "en": "Mark solved",
        "zh": "标记为已解决",
        "es": "Marcar resuelto",
        "ar": "وضع علامة تم الحل",
    },
    "pending_customer": {
        "en": "Waiting for customer",
        "zh": "等待客户回复",
        "es": "Esperando al cliente",
        "ar": "بانتظار العميل",
    },
    "pending_internal": {
        "en": "Waiting internally",
        "zh": "等待内部处理",
        "es": "Esperando internamente",
        "ar": "بانتظار داخلي",
    },
    "close": {"en": "Close", "zh": "关闭", "es": "Cerrar", "ar": "إغلاق"},
    "to_bot": {
        "en": "Hand back to the bot",
        "zh": "交还给机器人",
        "es": "Devolver al bot",
        "ar": "إعادة إلى الروبوت",
    },
    "summary": {"en": "Summary", "zh": "摘要", "es": "Resumen", "ar": "الملخص"},
    "suggested_articles": {
        "en": "Suggested articles",
        "zh": "推荐文章",
        "es": "Artículos sugeridos",
        "ar": "مقالات مقترحة",
    },
    "suggested_reply": {
        "en": "Suggested reply",
        "zh": "建议回复",
        "es": "Respuesta sugerida",
        "ar": "رد مقترح",
    },
    "use_draft": {
        "en": "Use this draft",
        "zh": "使用此草稿",
        "es": "Usar este borrador",
        "ar": "استخدم هذه المسودة",
    },
    "similar_cases": {
        "en": "Similar solved cases",
        "zh": "相似的已解决案例",
        "es": "Casos resueltos similares",
        "ar": "حالات محلولة مشابهة",
    },
    "customer": {"en": "Customer", "zh": "客户", "es": "Cliente", "ar": "العميل"},
    "ticket": {"en": "Ticket", "zh": "工单", "es": "Ticket", "ar": "التذكرة"},
    "history": {"en": "History", "zh": "历史记录", "es": "Historial", "ar": "السجل"},
    "internal_note": {
        "en": "Internal note (the customer never sees it)",
        "zh": "内部备注（客户看不到）",
        "es": "Nota interna (el cliente nunca la ve)",
        "ar": "ملاحظة داخلية (لا يراها العميل أبدًا)",
    },
    "add_note": {"en": "Add note", "zh": "添加备注", "es": "Añadir nota", "ar": "إضافة ملاحظة"},
    # admin
    "teams": {"en": "Teams", "zh": "团队", "es": "Equipos", "ar": "الفرق"},
    "agents": {"en": "Agents", "zh": "客服人员", "es": "Agentes", "ar": "الموظفون"},
    "sla_targets": {
        "en": "SLA targets (minutes)",
        "zh": "SLA 目标（分钟）",
        "es": "Objetivos de SLA (minutos)",
        "ar": "أهداف مستوى الخدمة (بالدقائق)",
    },
    # analytics
    "from": {"en": "From", "zh": "开始日期", "es": "Desde", "ar": "من"},
    "to": {"en": "To", "zh": "结束日期", "es": "Hasta", "ar": "إلى"},
    "show": {"en": "Show", "zh": "查看", "es": "Mostrar", "ar": "عرض"},
    "download_csv": {
        "en": "Download CSV",
        "zh": "下载 CSV",
        "es": "Descargar CSV",
        "ar": "تنزيل CSV",
    },
    "conversations": {
        "en": "Conversations",
        "zh": "对话数",
        "es": "Conversaciones",
        "ar": "المحادثات",
    },
    "engaged": {
        "en": "with a customer message",
        "zh": "有客户发言",
        "es": "con mensaje del cliente",
        "ar": "بها رسالة من العميل",
    },
    "deflection": {
        "en": "Resolved by the bot",
        "zh": "机器人解决率",
        "es": "Resueltas por el bot",
        "ar": "حلّها الروبوت",
    },
    "handoff_rate": {
        "en": "Handed to a human",
        "zh": "转人工率",
        "es": "Pasadas a una persona",
        "ar": "حُوّلت إلى موظف",
    },
    "tickets": {"en": "Tickets", "zh": "工单数", "es": "Tickets", "ar": "التذاكر"},
    "first_response": {
        "en": "First response",
        "zh": "首次响应",
        "es": "Primera respuesta",
        "ar": "الرد الأول",
    },
    "resolution": {"en": "Resolution", "zh": "解决用时", "es": "Resolución", "ar": "الحل"},
    "median": {"en": "median", "zh": "中位数", "es": "mediana", "ar": "الوسيط"},
    "p90": {"en": "90th percentile", "zh": "90 分位", "es": "percentil 90", "ar": "المئين 90"},
    "minutes_short": {"en": "min", "zh": "分钟", "es": "min", "ar": "دقيقة"},
    "within_sla": {
        "en": "within SLA",
        "zh": "达标率",
        "es": "dentro del SLA",
        "ar": "ضمن مستوى الخدمة",
    },
    "daily": {
        "en": "Conversations per day",
        "zh": "每日对话",
        "es": "Conversaciones por día",
        "ar": "المحادثات يوميًا",
    },
    "handoffs": {"en": "Handoffs", "zh": "转人工", "es": "Traspasos", "ar": "التحويلات"},
    "csat": {
        "en": "Satisfaction (CSAT)",
        "zh": "满意度（CSAT）",
        "es": "Satisfacción (CSAT)",
        "ar": "الرضا (CSAT)",
    },
    "by_team": {"en": "By team", "zh": "按团队", "es": "Por equipo", "ar": "حسب الفريق"},
    "by_language": {"en": "By language", "zh": "按语言", "es": "Por idioma", "ar": "حسب اللغة"},
    "ratings": {"en": "Ratings", "zh": "评分数", "es": "Valoraciones", "ar": "التقييمات"},
    "average": {"en": "Average", "zh": "平均分", "es": "Media", "ar": "المتوسط"},
    "satisfied": {"en": "4 or 5", "zh": "4-5 分占比", "es": "4 o 5", "ar": "4 أو 5"},
    "top_intents": {
        "en": "Top intents",
        "zh": "热门意图",
        "es": "Intenciones principales",
        "ar": "أكثر النوايا",
    },
    "unanswered": {
        "en": "Unanswered questions (the next articles to write)",
        "zh": "未解答的问题（下一批要写的文章）",
        "es": "Preguntas sin respuesta (los próximos artículos)",
        "ar": "أسئلة بلا إجابة (المقالات التالية التي يجب كتابتها)",
    },
    "feedback_topics": {
        "en": "Feedback topics",
        "zh": "反馈主题",
        "es": "Temas de los comentarios",
        "ar": "موضوعات الملاحظات",
    },
    "times_asked": {"en": "times", "zh": "次", "es": "veces", "ar": "مرات"},
    "also_as": {"en": "also as", "zh": "其他说法", "es": "también como", "ar": "وأيضًا بصيغة"},
    "safety": {"en": "Safety", "zh": "安全", "es": "Seguridad", "ar": "الأمان"},
    "secrets_redacted": {
        "en": "Secrets pasted and redacted",
        "zh": "被粘贴并已删除的密钥",
        "es": "Secretos pegados y eliminados",
        "ar": "أسرار أُلصقت وحُذفت",
    },
    "secret_conversations": {
        "en": "Conversations with a pasted secret",
        "zh": "含粘贴密钥的对话",
        "es": "Conversaciones con un secreto pegado",
        "ar": "محادثات بها سر مُلصق",
    },
    "scam_conversations": {
        "en": "Conversations with scam signals",
        "zh": "含诈骗信号的对话",
        "es": "Conversaciones con señales de estafa",
        "ar": "محادثات بها مؤشرات احتيال",
    },
    "replies_blocked": {
        "en": "Replies blocked by the outgoing guard",
        "zh": "被发送防护拦截的回复",
        "es": "Respuestas bloqueadas por el filtro de salida",
        "ar": "ردود أوقفها فلتر الإرسال",
    },
    "nothing_yet": {
        "en": "Nothing in this period.",
        "zh": "此期间暂无数据。",
        "es": "Nada en este periodo.",
        "ar": "لا شيء في هذه الفترة.",
    },
    # conversation page: facts, assist, customer, ticket controls, history
    "conversation_title": {
        "en": "Conversation",
        "zh": "对话",
        "es": "Conversación",
        "ar": "المحادثة",
    },
    "colon": {"en": ": ", "zh": "：", "es": ": ", "ar": ": "},
    "technical_team": {
        "en": "Technical team",
        "zh": "技术团队",
        "es": "Equipo técnico",
        "ar": "الفريق التقني",
    },
    "collected_facts": {
        "en": "Collected facts",
        "zh": "已收集的信息",
        "es": "Datos recopilados",
        "ar": "المعلومات المجمّعة",
    },
    "scam_signal": {"en": "scam", "zh": "诈骗", "es": "estafa", "ar": "احتيال"},
    "canned_reply": {
        "en": "Canned reply",
        "zh": "快捷回复",
        "es": "Respuesta predefinida",
        "ar": "رد جاهز",
    },
    "choose": {"en": "Choose…", "zh": "请选择…", "es": "Elegir…", "ar": "اختر…"},
    "ai_assist": {
        "en": "AI assist",
        "zh": "AI 助手",
        "es": "Asistente de IA",
        "ar": "مساعد الذكاء الاصطناعي",
    },
    "none_found": {
        "en": "None found.",
        "zh": "未找到。",
        "es": "No se encontró ninguno.",
        "ar": "لم يُعثر على شيء.",
    },
    "case": {"en": "case", "zh": "案例", "es": "caso", "ar": "حالة"},
    "none_yet": {"en": "None yet.", "zh": "暂无。", "es": "Aún no hay.", "ar": "لا يوجد بعد."},
    "channel": {"en": "Channel", "zh": "渠道", "es": "Canal", "ar": "القناة"},
    "verified_addresses": {
        "en": "Verified addresses",
        "zh": "已验证地址",
        "es": "Direcciones verificadas",
        "ar": "العناوين الموثّقة",
    },
    "none": {"en": "none", "zh": "无", "es": "ninguna", "ar": "لا يوجد"},
    "diagnostics_run": {
        "en": "Diagnostics run",
        "zh": "已执行的检查",
        "es": "Comprobaciones realizadas",
        "ar": "الفحوصات المنفّذة",
    },
    "no_earlier": {
        "en": "No earlier conversations.",
        "zh": "没有更早的对话。",
        "es": "No hay conversaciones anteriores.",
        "ar": "لا توجد محادثات سابقة.",
    },
    "ticket_controls": {
        "en": "Ticket controls",
        "zh": "工单操作",
        "es": "Acciones del ticket",
        "ar": "إجراءات التذكرة",
    },
    "set_priority": {
        "en": "Set priority",
        "zh": "设置优先级",
        "es": "Cambiar prioridad",
        "ar": "تعيين الأولوية",
    },
    "tags_placeholder": {
        "en": "add tags, comma separated",
        "zh": "添加标签，用逗号分隔",
        "es": "añadir etiquetas, separadas por comas",
        "ar": "أضف وسومًا مفصولة بفواصل",
    },
    "add_tags": {"en": "Add tags", "zh": "添加标签", "es": "Añadir etiquetas", "ar": "إضافة وسوم"},
    "tag": {"en": "Tag", "zh": "添加", "es": "Etiquetar", "ar": "وسم"},
    "assign": {"en": "Assign", "zh": "分配", "es": "Asignar", "ar": "إسناد"},
    "technical_escalation": {
        "en": "Technical escalation",
        "zh": "技术升级",
        "es": "Escalado técnico",
        "ar": "التصعيد التقني",
    },
    "escalate_technical": {
        "en": "Escalate to technical / update",
        "zh": "升级至技术团队 / 更新",
        "es": "Escalar a técnico / actualizar",
        "ar": "تصعيد إلى الفريق التقني / تحديث",
    },
    "merge_placeholder": {
        "en": "duplicate of ticket id",
        "zh": "重复的是哪个工单（ID）",
        "es": "ID del ticket original",
        "ar": "معرّف التذكرة الأصلية",
    },
    "merge_into": {
        "en": "Merge into ticket",
        "zh": "合并到工单",
        "es": "Fusionar con el ticket",
        "ar": "دمج في التذكرة",
    },
    "merge": {"en": "Merge", "zh": "合并", "es": "Fusionar", "ar": "دمج"},
    # the console's JavaScript (console.js reads these from the page's i18n data block)
    "sla_new": {"en": "new", "zh": "新", "es": "nuevo", "ar": "جديد"},
    "sending": {"en": "Sending…", "zh": "发送中…", "es": "Enviando…", "ar": "جارٍ الإرسال…"},
    "error_network": {
        "en": "the desk could not be reached. Check your connection and try again.",
        "zh": "无法连接服务器，请检查网络后重试。",
        "es": "no se pudo conectar con el servidor. Revisa tu conexión e inténtalo de nuevo.",
        "ar": "تعذّر الاتصال بالخادم. تحقّق من اتصالك وحاول مرة أخرى.",
    },
    "error_conflict": {
        "en": "this ticket is closed or has changed. Reload the page.",
        "zh": "此工单已关闭或已变更，请刷新页面。",
        "es": "este ticket está cerrado o cambió. Recarga la página.",
        "ar": "هذه التذكرة مغلقة أو تغيّرت. أعد تحميل الصفحة.",
    },
    "error_rate": {
        "en": "too many replies in a short time. Wait a moment and try again.",
        "zh": "回复过于频繁，请稍后再试。",
        "es": "demasiadas respuestas en poco tiempo. Espera un momento e inténtalo de nuevo.",
        "ar": "ردود كثيرة في وقت قصير. انتظر قليلًا وحاول مرة أخرى.",
    },
    "error_session": {
        "en": "your session has ended. Log in again.",
        "zh": "登录已失效，请重新登录。",
        "es": "tu sesión terminó. Vuelve a iniciar sesión.",
        "ar": "انتهت جلستك. سجّل الدخول مرة أخرى.",
    },
    "error_generic": {
        "en": "something went wrong. Try again.",
        "zh": "出现错误，请重试。",
        "es": "algo salió mal. Inténtalo de nuevo.",
        "ar": "حدث خطأ ما. حاول مرة أخرى.",
    },
    # why the outgoing guard held a reply back (by reason code)
    "guard.asks_for_secret": {
        "en": "it asks for a recovery phrase, private key or password. We never ask for these.",
        "zh": "回复中索要助记词、私钥或密码，我们绝不索要这些信息。",
        "es": "pide una frase de recuperación, clave privada o contraseña. Nunca las pedimos.",
        "ar": "يطلب عبارة الاسترداد أو المفتاح الخاص أو كلمة المرور، ونحن لا نطلبها أبدًا.",
    },
    "guard.contains_secret": {
        "en": "it contains what looks like a recovery phrase or private key. Remove it.",
        "zh": "回复中似乎包含助记词或私钥，请删除。",
        "es": "contiene lo que parece una frase de recuperación o clave privada. Elimínala.",
        "ar": "يحتوي على ما يبدو أنه عبارة استرداد أو مفتاح خاص. احذفه.",
    },
    "guard.unofficial_link": {
        "en": "it links to a site that is not official. Send only official links.",
        "zh": "回复中包含非官方链接，请只发送官方链接。",
        "es": "incluye un enlace que no es oficial. Envía solo enlaces oficiales.",
        "ar": "يتضمن رابطًا غير رسمي. أرسل الروابط الرسمية فقط.",
    },
    "guard.promises_reversal": {
        "en": "it promises to reverse a transaction. Blockchain transfers cannot be undone.",
        "zh": "回复中承诺撤回交易，但链上转账无法撤销。",
        "es": "promete revertir una transacción. Las transferencias en blockchain no se deshacen.",
        "ar": "يَعِد بإلغاء معاملة، والتحويلات على البلوكتشين لا يمكن التراجع عنها.",
    },
    "guard.promises_recovery": {
        "en": "it promises to recover lost funds. Never promise that.",
        "zh": "回复中承诺追回丢失的资金，请勿做此承诺。",
        "es": "promete recuperar fondos perdidos. Nunca lo prometas.",
        "ar": "يَعِد باسترداد أموال مفقودة. لا تَعِد بذلك أبدًا.",
    },
    # admin
    "col_name": {"en": "Name", "zh": "名称", "es": "Nombre", "ar": "الاسم"},
    "col_languages": {"en": "Languages", "zh": "语言", "es": "Idiomas", "ar": "اللغات"},
    "col_skills": {"en": "Skills", "zh": "技能", "es": "Habilidades", "ar": "المهارات"},
    "col_role": {"en": "Role", "zh": "角色", "es": "Rol", "ar": "الدور"},
    "col_team": {"en": "Team", "zh": "团队", "es": "Equipo", "ar": "الفريق"},
    "col_capacity": {"en": "Capacity", "zh": "接待上限", "es": "Capacidad", "ar": "السعة"},
    "col_active": {"en": "Active", "zh": "启用", "es": "Activo", "ar": "نشط"},
    "team_name": {
        "en": "Team name",
        "zh": "团队名称",
        "es": "Nombre del equipo",
        "ar": "اسم الفريق",
    },
    "team_languages": {
        "en": "Team languages",
        "zh": "团队语言",
        "es": "Idiomas del equipo",
        "ar": "لغات الفريق",
    },
    "team_skills": {
        "en": "Team skills",
        "zh": "团队技能",
        "es": "Habilidades del equipo",
        "ar": "مهارات الفريق",
    },
    "skills_example": {
        "en": "security, transactions, defi, hardware, general",
        "zh": "技能代码：security, transactions, defi, hardware, general",
        "es": "códigos: security, transactions, defi, hardware, general",
        "ar": "رموز المهارات: security, transactions, defi, hardware, general",
    },
    "save_team": {"en": "Save team", "zh": "保存团队", "es": "Guardar equipo", "ar": "حفظ الفريق"},
    "display_name": {
        "en": "Display name",
        "zh": "显示名称",
        "es": "Nombre visible",
        "ar": "الاسم المعروض",
    },
    "new_agent": {"en": "New agent", "zh": "新客服", "es": "Nuevo agente", "ar": "موظف جديد"},
    "add_agent": {"en": "Add agent", "zh": "添加客服", "es": "Añadir agente", "ar": "إضافة موظف"},
    "notice_team_saved": {
        "en": "Team saved.",
        "zh": "团队已保存。",
        "es": "Equipo guardado.",
        "ar": "تم حفظ الفريق.",
    },
    "notice_agent_added": {
        "en": "Agent added. One-time password (shown once, they must change it): {result}",
        "zh": "客服已添加。一次性密码（仅显示一次，对方登录后须修改）：{result}",
        "es": "Agente añadido. Contraseña de un solo uso (se muestra una vez; deberá cambiarla): "
        "{result}",
        "ar": "تمت إضافة الموظف. كلمة المرور المؤقتة (تظهر مرة واحدة، ويجب عليه تغييرها): {result}",
    },
    "notice_agent_updated": {
        "en": "Agent updated.",
        "zh": "客服信息已更新。",
        "es": "Agente actualizado.",
        "ar": "تم تحديث بيانات الموظف.",
    },
    "notice_sla_saved": {
        "en": "SLA saved.",
        "zh": "SLA 已保存。",
        "es": "SLA guardado.",
        "ar": "تم حفظ مستوى الخدمة.",
    },
    # values shown with tv(prefix, value): the stored code stays English, only the text changes
    "status.new": {"en": "new", "zh": "新建", "es": "nuevo", "ar": "جديدة"},
    "status.open": {"en": "open", "zh": "处理中", "es": "abierto", "ar": "مفتوحة"},
    "status.pending_customer": {
        "en": "waiting for customer",
        "zh": "等待客户回复",
        "es": "esperando al cliente",
        "ar": "بانتظار العميل",
    },
    "status.pending_internal": {
        "en": "waiting internally",
        "zh": "等待内部处理",
        "es": "esperando internamente",
        "ar": "بانتظار داخلي",
    },
    "status.solved": {"en": "solved", "zh": "已解决", "es": "resuelto", "ar": "محلولة"},
    "status.closed": {"en": "closed", "zh": "已关闭", "es": "cerrado", "ar": "مغلقة"},
    "status.bot": {
        "en": "with the bot",
        "zh": "机器人接待",
        "es": "con el bot",
        "ar": "مع الروبوت",
    },
    "status.intake": {
        "en": "collecting details",
        "zh": "收集信息中",
        "es": "recopilando datos",
        "ar": "جمع المعلومات",
    },
    "status.handoff": {
        "en": "with an agent",
        "zh": "人工处理中",
        "es": "con un agente",
        "ar": "مع موظف",
    },
    "priority.urgent": {"en": "urgent", "zh": "紧急", "es": "urgente", "ar": "عاجلة"},
    "priority.high": {"en": "high", "zh": "高", "es": "alta", "ar": "عالية"},
    "priority.normal": {"en": "normal", "zh": "普通", "es": "normal", "ar": "عادية"},
    "priority.low": {"en": "low", "zh": "低", "es": "baja", "ar": "منخفضة"},
    "sla.ok": {"en": "on time", "zh": "正常", "es": "a tiempo", "ar": "ضمن الوقت"},
    "sla.warning": {"en": "due soon", "zh": "即将超时", "es": "por vencer", "ar": "يوشك أن يتأخر"},
    "sla.breached": {"en": "breached", "zh": "已超时", "es": "incumplido", "ar": "متأخر"},
    "risk.normal": {"en": "normal", "zh": "正常", "es": "normal", "ar": "عادية"},
    "risk.elevated": {"en": "elevated", "zh": "偏高", "es": "elevado", "ar": "مرتفعة"},
    "risk.high": {"en": "high", "zh": "高", "es": "alto", "ar": "شديدة"},
    "risk_flag.secret_pasted": {
        "en": "secret pasted",
        "zh": "粘贴了密钥",
        "es": "secreto pegado",
        "ar": "سر مُلصق",
    },
    "risk_flag.funds_at_risk": {
        "en": "funds at risk",
        "zh": "资金有风险",
        "es": "fondos en riesgo",
        "ar": "أموال في خطر",
    },
    "risk_flag.link_blocklisted": {
        "en": "blocklisted link",
        "zh": "黑名单链接",
        "es": "enlace bloqueado",
        "ar": "رابط محظور",
    },
    "risk_flag.link_impersonation": {
        "en": "impersonating link",
        "zh": "仿冒链接",
        "es": "enlace que suplanta",
        "ar": "رابط منتحل",
    },
    "risk_flag.link_suspicious": {
        "en": "suspicious link",
        "zh": "可疑链接",
        "es": "enlace sospechoso",
        "ar": "رابط مشبوه",
    },
    "scam.address_poisoning": {
        "en": "address poisoning",
        "zh": "地址投毒",
        "es": "envenenamiento de direcciones",
        "ar": "تسميم العناوين",
    },
    "scam.airdrop_claim": {
        "en": "fake airdrop claim",
        "zh": "虚假空投领取",
        "es": "reclamo de airdrop falso",
        "ar": "مطالبة إسقاط جوي مزيفة",
    },
    "scam.asks_for_secret": {
        "en": "asks for a secret",
        "zh": "索要密钥",
        "es": "pide un secreto",
        "ar": "طلب بيانات سرية",
    },
    "scam.bait_seed": {
        "en": "seed-phrase bait",
        "zh": "助记词诱饵",
        "es": "cebo con frase semilla",
        "ar": "طُعم عبارة الاسترداد",
    },
    "scam.fake_app": {"en": "fake app", "zh": "假冒应用", "es": "app falsa", "ar": "تطبيق مزيف"},
    "scam.fake_support_contact": {
        "en": "fake support contact",
        "zh": "假冒客服",
        "es": "falso contacto de soporte",
        "ar": "جهة دعم مزيفة",
    },
    "scam.recovery_service": {
        "en": "fake recovery service",
        "zh": "虚假找回服务",
        "es": "servicio de recuperación falso",
        "ar": "خدمة استرداد مزيفة",
    },
    "scam.signature_request": {
        "en": "malicious signature request",
        "zh": "恶意签名请求",
        "es": "solicitud de firma maliciosa",
        "ar": "طلب توقيع ضار",
    },
    "scam.wallet_validation": {
        "en": "fake wallet validation",
        "zh": "虚假钱包验证",
        "es": "validación de billetera falsa",
        "ar": "تحقق مزيف من المحفظة",
    },
    "technical.investigating": {
        "en": "investigating",
        "zh": "调查中",
        "es": "en investigación",
        "ar": "قيد التحقيق",
    },
    "technical.fix_in_progress": {
        "en": "fix in progress",
        "zh": "修复中",
        "es": "corrección en curso",
        "ar": "جارٍ الإصلاح",
    },
    "technical.resolved": {"en": "resolved", "zh": "已修复", "es": "resuelto", "ar": "تم الحل"},
    "skill.security": {"en": "security", "zh": "安全", "es": "seguridad", "ar": "الأمان"},
    "skill.transactions": {
        "en": "transactions",
        "zh": "交易",
        "es": "transacciones",
        "ar": "المعاملات",
    },
    "skill.defi": {"en": "DeFi", "zh": "DeFi", "es": "DeFi", "ar": "التمويل اللامركزي"},
    "skill.hardware": {
        "en": "hardware wallets",
        "zh": "硬件钱包",
        "es": "billeteras físicas",
        "ar": "محافظ الأجهزة",
    },
    "skill.general": {"en": "general", "zh": "综合", "es": "general", "ar": "عام"},
    "role.agent": {"en": "agent", "zh": "客服", "es": "agente", "ar": "موظف"},
    "role.supervisor": {"en": "supervisor", "zh": "主管", "es": "supervisor", "ar": "مشرف"},
    "role.admin": {"en": "admin", "zh": "管理员", "es": "administrador", "ar": "مدير"},
    "channel.web": {"en": "web chat", "zh": "网页聊天", "es": "chat web", "ar": "دردشة الويب"},
    "channel.email": {"en": "email", "zh": "邮件", "es": "correo", "ar": "البريد الإلكتروني"},
    "tool.tx": {
        "en": "transaction check",
        "zh": "交易查询",
        "es": "verificación de transacción",
        "ar": "فحص المعاملة",
    },
    "tx_status.not_found": {
        "en": "not found",
        "zh": "未找到",
        "es": "no encontrada",
        "ar": "غير موجودة",
    },
    "tx_status.pending": {"en": "pending", "zh": "待确认", "es": "pendiente", "ar": "قيد الانتظار"},
    "tx_status.stuck": {"en": "stuck", "zh": "卡住", "es": "atascada", "ar": "عالقة"},
    "tx_status.dropped": {"en": "dropped", "zh": "已丢弃", "es": "descartada", "ar": "مُسقطة"},
    "tx_status.replaced": {
        "en": "replaced",
        "zh": "已被替换",
        "es": "reemplazada",
        "ar": "مستبدلة",
    },
    "tx_status.success": {"en": "succeeded", "zh": "成功", "es": "exitosa", "ar": "ناجحة"},
    "tx_status.failed": {"en": "failed", "zh": "失败", "es": "fallida", "ar": "فاشلة"},
    "tx_status.node_error": {
        "en": "node error",
        "zh": "节点错误",
        "es": "error del nodo",
        "ar": "خطأ في العقدة",
    },
    "tx_status.not_configured": {
        "en": "not configured",
        "zh": "未配置",
        "es": "no configurada",
        "ar": "غير مُهيّأ",
    },
    # the labels of the facts intake collected (the values are the customer's, as written)
    "fact.topic": {"en": "Topic", "zh": "主题", "es": "Tema", "ar": "الموضوع"},
    "fact.in_their_words": {
        "en": "In their words",
        "zh": "客户原话",
        "es": "En sus palabras",
        "ar": "بكلمات العميل",
    },
    "fact.network": {"en": "Network", "zh": "网络", "es": "Red", "ar": "الشبكة"},
    "fact.transaction_hash": {
        "en": "Transaction hash",
        "zh": "交易哈希",
        "es": "Hash de la transacción",
        "ar": "تجزئة المعاملة",
    },
    "fact.address": {"en": "Address", "zh": "地址", "es": "Dirección", "ar": "العنوان"},
    "fact.amount": {"en": "Amount", "zh": "金额", "es": "Monto", "ar": "المبلغ"},
    "fact.when": {"en": "When", "zh": "时间", "es": "Cuándo", "ar": "متى"},
    "fact.urgency": {"en": "Urgency", "zh": "紧急程度", "es": "Urgencia", "ar": "درجة الاستعجال"},
    "fact.mood": {"en": "Mood", "zh": "情绪", "es": "Estado de ánimo", "ar": "الحالة المزاجية"},
    "fact.network_as_said": {
        "en": "Network (as said)",
        "zh": "网络（客户原话）",
        "es": "Red (según el cliente)",
        "ar": "الشبكة (كما ذكرها العميل)",
    },
    "fact.hash_as_said": {
        "en": "Hash (as said)",
        "zh": "哈希（客户原话）",
        "es": "Hash (según el cliente)",
        "ar": "التجزئة (كما ذكرها العميل)",
    },
    "fact.address_as_said": {
        "en": "Address (as said)",
        "zh": "地址（客户原话）",
        "es": "Dirección (según el cliente)",
        "ar": "العنوان (كما ذكره العميل)",
    },
    # ticket history entries (lower case: they read as a log)
    "event.created": {
        "en": "ticket created",
        "zh": "工单已创建",
        "es": "ticket creado",
        "ar": "أُنشئت التذكرة",
    },
    "event.assigned": {"en": "assigned", "zh": "已分配", "es": "asignado", "ar": "أُسندت"},
    "event.first_response": {
        "en": "first response",
        "zh": "首次响应",
        "es": "primera respuesta",
        "ar": "الرد الأول",
    },
    "event.status": {"en": "status", "zh": "状态", "es": "estado", "ar": "الحالة"},
    "event.reopened": {"en": "reopened", "zh": "重新打开", "es": "reabierto", "ar": "أُعيد فتحها"},
    "event.priority": {"en": "priority", "zh": "优先级", "es": "prioridad", "ar": "الأولوية"},
    "event.note": {"en": "note", "zh": "备注", "es": "nota", "ar": "ملاحظة"},
    "event.tags": {"en": "tags", "zh": "标签", "es": "etiquetas", "ar": "الوسوم"},
    "event.merged": {
        "en": "merged into",
        "zh": "已合并到",
        "es": "fusionado con",
        "ar": "دُمجت في",
    },
    "event.merged_in": {
        "en": "merged in",
        "zh": "合并自",
        "es": "fusionado desde",
        "ar": "دُمجت من",
    },
    "event.technical": {
        "en": "technical team",
        "zh": "技术团队",
        "es": "equipo técnico",
        "ar": "الفريق التقني",
    },
    "event.csat": {
        "en": "csat rating",
        "zh": "满意度评分",
        "es": "valoración CSAT",
        "ar": "تقييم CSAT",
    },
    "event.escalated": {
        "en": "escalated to supervisors",
        "zh": "已升级给主管",
        "es": "escalado a supervisores",
        "ar": "صُعّدت إلى المشرفين",
    },
    "event.sla_warning": {
        "en": "SLA due soon",
        "zh": "SLA 即将超时",
        "es": "SLA por vencer",
        "ar": "مستوى الخدمة يوشك أن يتأخر",
    },
    "event.sla_breached": {
        "en": "SLA breached",
        "zh": "SLA 已超时",
        "es": "SLA incumplido",
        "ar": "تأخر عن مستوى الخدمة",
    },
    "event.email_left": {
        "en": "customer left an email address",
        "zh": "客户留下了邮箱",
        "es": "el cliente dejó su correo",
        "ar": "ترك العميل بريده الإلكتروني",
    },
    "waited": {"en": "waited", "zh": "已等待", "es": "esperó", "ar": "انتظر"},
    # the AI assist summary (desk/assist.py SUMMARY has the same keys and placeholders)
    "summary.opening": {
        "en": "Customer writes in {language}; topic: {topic}; priority {priority} ({reason}).",
        "zh": "客户使用{language}；主题：{topic}；优先级：{priority}（{reason}）。",
        "es": "El cliente escribe en {language}; tema: {topic}; prioridad {priority} ({reason}).",
        "ar": "يكتب العميل بـ{language}؛ الموضوع: {topic}؛ الأولوية: {priority} ({reason}).",
    },
    "summary.known": {
        "en": "Known: {facts}.",
        "zh": "已知：{facts}。",
        "es": "Se sabe: {facts}.",
        "ar": "المعروف: {facts}.",
    },
    "summary.risk": {
        "en": "Risk: {flags}.",
        "zh": "风险：{flags}。",
        "es": "Riesgo: {flags}.",
        "ar": "المخاطر: {flags}.",
    },
    "summary.bot_sent": {
        "en": "The bot already sent: {titles}.",
        "zh": "机器人已发送：{titles}。",
        "es": "El bot ya envió: {titles}.",
        "ar": "أرسل الروبوت بالفعل: {titles}.",
    },
    "summary.tx_said": {
        "en": "Transaction check said: {statuses}.",
        "zh": "交易查询结果：{statuses}。",
        "es": "La comprobación de la transacción dijo: {statuses}.",
        "ar": "نتيجة فحص المعاملة: {statuses}.",
    },
    "summary.last": {
        "en": "Last from the customer: “{text}”",
        "zh": "客户最后说：“{text}”",
        "es": "Lo último del cliente: «{text}»",
        "ar": "آخر ما كتبه العميل: «{text}»",
    },
    "language.en": {"en": "English", "zh": "英语", "es": "inglés", "ar": "الإنجليزية"},
    "language.zh": {"en": "Chinese", "zh": "中文", "es": "chino", "ar": "الصينية"},
    "language.es": {"en": "Spanish", "zh": "西班牙语", "es": "español", "ar": "الإسبانية"},
    "language.ar": {"en": "Arabic", "zh": "阿拉伯语", "es": "árabe", "ar": "العربية"},
    "handoff_reason.asked": {
        "en": "asked for a person",
        "zh": "客户要求转人工",
        "es": "pidió una persona",
        "ar": "طلب التحدث مع موظف",
    },
    "handoff_reason.low_confidence": {
        "en": "the bot was unsure",
        "zh": "机器人无法确定答案",
        "es": "el bot no estaba seguro",
        "ar": "لم يكن الروبوت متأكدًا",
    },
    "handoff_reason.high_risk": {
        "en": "high risk",
        "zh": "高风险",
        "es": "riesgo alto",
        "ar": "خطورة عالية",
    },
    # login and password refusals (desk/agents.py), by their English text's slug
    "error.wrong_email_or_password": {
        "en": "wrong email or password",
        "zh": "邮箱或密码错误",
        "es": "correo o contraseña incorrectos",
        "ar": "البريد الإلكتروني أو كلمة المرور غير صحيحة",
    },
    "error.too_many_failed_attempts_try_again_in_15_minutes": {
        "en": "too many failed attempts; try again in 15 minutes",
        "zh": "失败次数过多，请 15 分钟后再试",
        "es": "demasiados intentos fallidos; vuelve a intentarlo en 15 minutos",
        "ar": "محاولات فاشلة كثيرة؛ حاول مرة أخرى بعد 15 دقيقة",
    },
    "error.use_at_least_12_characters": {
        "en": "use at least 12 characters",
        "zh": "请至少使用 12 个字符",
        "es": "usa al menos 12 caracteres",
        "ar": "استخدم 12 حرفًا على الأقل",
    },
    "error.use_at_most_200_characters": {
        "en": "use at most 200 characters",
        "zh": "最多使用 200 个字符",
        "es": "usa como máximo 200 caracteres",
        "ar": "استخدم 200 حرف كحد أقصى",
    },
    "error.choose_a_less_guessable_password": {
        "en": "choose a less guessable password",
        "zh": "请选择一个更难猜的密码",
        "es": "elige una contraseña más difícil de adivinar",
        "ar": "اختر كلمة مرور يصعب تخمينها",
    },
    # admin: the job queue's dead letters (jobs.py)
    "jobs_title": {
        "en": "Background jobs",
        "zh": "后台任务",
        "es": "Tareas en segundo plano",
        "ar": "المهام في الخلفية",
    },
    "jobs_in_process": {
        "en": "This desk runs its background work in its own process (no job queue).",
        "zh": "本客服系统在自身进程内运行后台任务（未启用任务队列）。",
        "es": "Este servicio ejecuta sus tareas en segundo plano en su propio proceso (sin cola "
        "de tareas).",
        "ar": "ينفّذ هذا النظام مهامه في الخلفية داخل عمليته الخاصة (دون قائمة مهام).",
    },
    "jobs_unavailable": {
        "en": "The job queue cannot be reached right now (Redis). Jobs are kept and retried.",
        "zh": "暂时无法连接任务队列（Redis）。任务会被保留并重试。",
        "es": "No se puede acceder a la cola de tareas ahora mismo (Redis). Las tareas se "
        "conservan y se reintentan.",
        "ar": "لا يمكن الوصول إلى قائمة المهام الآن (Redis). المهام محفوظة وستُعاد محاولتها.",
    },
    "jobs_no_dead": {
        "en": "No job has failed after all its retries.",
        "zh": "没有在全部重试后仍失败的任务。",
        "es": "Ninguna tarea ha fallado tras todos sus reintentos.",
        "ar": "لا توجد مهمة فشلت بعد كل محاولاتها.",
    },
    "jobs_col_job": {"en": "Job", "zh": "任务", "es": "Tarea", "ar": "المهمة"},
    "jobs_col_tries": {"en": "Tries", "zh": "尝试次数", "es": "Intentos", "ar": "المحاولات"},
    "jobs_col_failed_at": {
        "en": "Failed at (UTC)",
        "zh": "失败时间（UTC）",
        "es": "Falló (UTC)",
        "ar": "وقت الفشل (UTC)",
    },
    "jobs_col_reason": {"en": "Reason", "zh": "原因", "es": "Motivo", "ar": "السبب"},
    # admin refusals (desk.agents.AdminRefused codes; placeholders as the code gives them)
    "admin_error.unknown_language": {
        "en": "unknown language: {unknown}; use {allowed}",
        "zh": "未知语言：{unknown}；可用：{allowed}",
        "es": "idioma desconocido: {unknown}; usa {allowed}",
        "ar": "لغة غير معروفة: {unknown}؛ استخدم {allowed}",
    },
    "admin_error.unknown_skill": {
        "en": "unknown skill: {unknown}; use {allowed}",
        "zh": "未知技能：{unknown}；可用：{allowed}",
        "es": "habilidad desconocida: {unknown}; usa {allowed}",
        "ar": "مهارة غير معروفة: {unknown}؛ استخدم {allowed}",
    },
    "admin_error.name_length": {
        "en": "a name is 1-100 characters",
        "zh": "名称长度须为 1–100 个字符",
        "es": "un nombre tiene entre 1 y 100 caracteres",
        "ar": "يجب أن يكون الاسم بين 1 و100 حرف",
    },
    "admin_error.no_team": {
        "en": "no team named “{name}”",
        "zh": "没有名为“{name}”的团队",
        "es": "no hay ningún equipo llamado «{name}»",
        "ar": "لا يوجد فريق باسم «{name}»",
    },
    "admin_error.capacity_range": {
        "en": "capacity is 1-{max} open tickets",
        "zh": "接待上限须为 1–{max} 个未结工单",
        "es": "la capacidad es de 1 a {max} tickets abiertos",
        "ar": "السعة من 1 إلى {max} تذكرة مفتوحة",
    },
    "admin_error.no_agent": {
        "en": "no such agent",
        "zh": "没有这个客服",
        "es": "no existe ese agente",
        "ar": "لا يوجد موظف بهذا المعرّف",
    },
    "admin_error.role_invalid": {
        "en": "role must be one of {allowed}",
        "zh": "角色必须是以下之一：{allowed}",
        "es": "el rol debe ser uno de: {allowed}",
        "ar": "يجب أن يكون الدور واحدًا من: {allowed}",
    },
    "admin_error.self_demotion": {
        "en": "you cannot remove your own admin role or deactivate yourself",
        "zh": "您不能取消自己的管理员角色，也不能停用自己",
        "es": "no puedes quitarte tu propio rol de administrador ni desactivarte",
        "ar": "لا يمكنك إزالة دور المسؤول عن نفسك أو تعطيل حسابك",
    },
    "admin_error.priority_invalid": {
        "en": "priority must be one of {allowed}",
        "zh": "优先级必须是以下之一：{allowed}",
        "es": "la prioridad debe ser una de: {allowed}",
        "ar": "يجب أن تكون الأولوية واحدة من: {allowed}",
    },
    "admin_error.sla_range": {
        "en": "SLA targets are 1-{max} minutes",
        "zh": "SLA 目标须为 1–{max} 分钟",
        "es": "los objetivos de SLA son de 1 a {max} minutos",
        "ar": "أهداف SLA من 1 إلى {max} دقيقة",
    },
    "admin_error.sla_order": {
        "en": "the resolution target cannot be shorter than the first response",
        "zh": "解决时限不能短于首次响应时限",
        "es": "el objetivo de resolución no puede ser más corto que el de primera respuesta",
        "ar": "لا يمكن أن يكون هدف الحل أقصر من هدف الرد الأول",
    },
    "admin_error.email_invalid": {
        "en": "email must look like name@example.com",
        "zh": "邮箱格式应类似 name@example.com",
        "es": "el correo debe tener la forma nombre@example.com",
        "ar": "يجب أن يكون البريد الإلكتروني بصيغة name@example.com",
    },
    "admin_error.email_taken": {
        "en": "an agent with email {email} already exists",
        "zh": "邮箱为 {email} 的客服已存在",
        "es": "ya existe un agente con el correo {email}",
        "ar": "يوجد بالفعل موظف بالبريد الإلكتروني {email}",
    },
}


def pick_language(request: Request) -> str:
    """``?lang=`` first, then the ``wd_lang`` cookie, then English."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in UI_LANGUAGES:
            return str(candidate)
    return "en"


def translator(language: str) -> Callable[[str], str]:
    def t(key: str) -> str:
        entry = CATALOGUE.get(key)
        if entry is None:
            return key
        return entry.get(language) or entry["en"]

    return t


def value_key(prefix: str, value: object) -> str:
    """The catalogue key of a stored value: ``status.pending_customer``, and for a label
    such as ``"Network (as said)"`` its slug, ``fact.network_as_said``."""
    return f"{prefix}.{_NOT_SLUG.sub('_', str(value).lower()).strip('_')}"


def value_translator(language: str) -> Callable[[str, object], str]:
    """``tv(prefix, value)``: a stored code (a status, a priority, a role...) as the agent
    reads it; a value the catalogue does not know is shown as it is, never as a key."""

    def tv(prefix: str, value: object) -> str:
        if value is None:
            return ""
        entry = CATALOGUE.get(value_key(prefix, value))
        if entry is None:
            return str(value)
        return entry.get(language) or entry["en"]

    return tv


def js_texts(language: str) -> dict[str, str]:
    """The words console.js writes into the page, for the page's JSON data block (CSP:
    no inline script runs; ``<script type="application/json">`` is only read)."""
    t = translator(language)
    keys = [*JS_KEYS, *(k for k in CATALOGUE if k.split(".", 1)[0] in JS_PREFIXES and "." in k)]
    return {key: t(key) for key in keys}


def context(request: Request) -> dict[str, Any]:
    """What every console template gets: ``t(key)``, ``tv(prefix, value)``, ``ui_lang``,
    ``ui_dir``, the menu and ``js_texts`` (the words console.js uses)."""
    language = pick_language(request)
    return {
        "t": translator(language),
        "tv": value_translator(language),
        "ui_lang": language,
        "ui_dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "ui_languages": LANGUAGE_NAMES,
        "js_texts": js_texts(language),
    }


def remember(request: Request, response: Response) -> None:
    """A ``?lang=`` choice sticks for the following console pages."""
    chosen = request.query_params.get("lang")
    if chosen in UI_LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE,
            str(chosen),
            max_age=365 * 24 * 3600,
            path="/console",
            samesite="strict",
            httponly=True,
            secure=request.url.scheme == "https",
        )


def _install_defaults() -> None:
    """English for any console template rendered without :func:`context` (no crash)."""
    from walletdesk.api.public import templates

    defaults: dict[str, Any] = {
        "t": translator("en"),
        "tv": value_translator("en"),
        "ui_lang": "en",
        "ui_dir": "ltr",
        "js_texts": js_texts("en"),
    }
    for name, value in defaults.items():
        templates.env.globals.setdefault(name, value)
    templates.env.globals.setdefault("ui_languages", LANGUAGE_NAMES)


_install_defaults()
