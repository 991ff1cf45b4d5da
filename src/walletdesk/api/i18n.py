"""The console's own words in zh/en/es/ar, and which language an agent sees.

The language is chosen with ``?lang=xx`` on any console page (remembered in the
``wd_lang`` cookie, scoped to ``/console``); English otherwise. Arabic pages are laid out
right to left (``dir="rtl"``; the stylesheets use logical properties). Customer content
(messages, facts, article titles) is shown as written, in its own language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response

UI_LANGUAGES = ("en", "zh", "es", "ar")
RTL_LANGUAGES = frozenset({"ar"})
COOKIE = "wd_lang"
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "es": "Español", "ar": "العربية"}

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


def context(request: Request) -> dict[str, Any]:
    """What every console template gets: ``t(key)``, ``ui_lang``, ``ui_dir``, the menu."""
    language = pick_language(request)
    return {
        "t": translator(language),
        "ui_lang": language,
        "ui_dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "ui_languages": LANGUAGE_NAMES,
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

    defaults = {"t": translator("en"), "ui_lang": "en", "ui_dir": "ltr"}
    for name, value in defaults.items():
        templates.env.globals.setdefault(name, value)
    templates.env.globals.setdefault("ui_languages", LANGUAGE_NAMES)


_install_defaults()
