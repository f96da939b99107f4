"""The site's own words, in English and Chinese (the data brings its own labels)."""

from __future__ import annotations

from functools import lru_cache

MESSAGES: dict[str, tuple[str, str]] = {
    # site and navigation
    "site": ("SWIO knowledge graph", "SWIO 知识图谱"),
    "site_long": ("SWIO: the Social Work Industry Organisation knowledge graph", "SWIO：社会工作行业组织知识图谱"),
    "home": ("Home", "首页"),
    "ontology": ("Ontology", "本体"),
    "shapes": ("Shapes", "数据形状"),
    "questions": ("Questions", "问题"),
    "pictures": ("Pictures", "图示"),
    "browse": ("Browse", "浏览"),
    "sparql": ("SPARQL", "SPARQL"),
    "switch_to": ("中文", "English"),
    "switch_title": ("阅读中文版", "Read this page in English"),
    "skip": ("Skip to content", "跳到正文"),
    # resource pages
    "iri": ("IRI", "IRI"),
    "type": ("Type", "类型"),
    "statements": ("Statements", "陈述"),
    "referrers": ("Statements pointing here", "指向本资源的陈述"),
    "no_referrers": ("Nothing in the graph points here.", "图中没有指向本资源的陈述。"),
    "and_more": ("and {n} more", "另有 {n} 项"),
    "provenance": ("Provenance", "出处"),
    "source": ("Source", "来源"),
    "excerpt": ("In the article's words", "原文摘录"),
    "part_of": ("part of", "属于"),
    "downloads": ("This description as data", "本描述的数据格式"),
    "property": ("Property", "属性"),
    "value": ("Value", "值"),
    "via": ("via", "经由"),
    "in_language": ("in {lang}", "{lang}文"),
    "lang_en": ("English", "英"),
    "lang_zh": ("Chinese", "中"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "blank": ("(a node without an IRI)", "（无 IRI 的节点）"),
    # ontology documentation
    "ontology_doc": ("SWIO ontology", "SWIO 本体"),
    "classes": ("Classes", "类"),
    "object_properties": ("Object properties", "对象属性"),
    "datatype_properties": ("Datatype properties", "数据属性"),
    "other_terms": ("Other terms", "其他术语"),
    "reused_terms": ("Reused terms from other vocabularies", "复用的其他词表术语"),
    "reused_intro": (
        "SWIO builds on these standard terms. Each has its own anchor here (its prefixed name, such as "
        "org:Role), so it can never be confused with a SWIO term of the same local name.",
        "SWIO 建立在以下标准术语之上。每个术语在此有自己的锚点（其带前缀的名称，如 org:Role），"
        "因此绝不会与同名的 SWIO 术语混淆。",
    ),
    "schemes": ("Concept schemes", "概念体系"),
    "superclasses": ("Subclass of", "上位类"),
    "subclasses": ("Subclasses", "下位类"),
    "superproperties": ("Subproperty of", "上位属性"),
    "subproperties": ("Subproperties", "下位属性"),
    "domain": ("Domain", "定义域"),
    "range": ("Range", "值域"),
    "domain_of": ("Properties with this domain", "以此为定义域的属性"),
    "range_of": ("Properties with this range", "以此为值域的属性"),
    "instances": ("Instances in the data", "数据中的实例"),
    "instance_count": ("{n} instances", "{n} 个实例"),
    "must_have": ("What a valid instance must have", "有效实例须满足的条件"),
    "from_shape": ("Shape", "形状"),
    "inherited_from": ("inherited from", "继承自"),
    "constrained_by": ("Constrained by shapes", "约束它的形状"),
    "defined_by": ("Defined by", "定义于"),
    "diagram": ("Classes and relations", "类与关系"),
    "diagram_note": (
        "Boxes are classes (colour: the vocabulary), lines with a hollow arrow lead to the superclass; "
        "the table lists every relation between classes (domain → range).",
        "方框为类（颜色表示所属词表），空心箭头指向上位类；下表列出类之间的全部关系（定义域 → 值域）。",
    ),
    "namespace": ("Namespace", "命名空间"),
    "prefix": ("Preferred prefix", "首选前缀"),
    "version": ("Version", "版本"),
    "licence": ("Licence", "许可协议"),
    "released": ("Release date", "发布日期"),
    "contents": ("Contents", "目录"),
    "term_statements": ("All statements", "全部陈述"),
    # shapes
    "shapes_doc": ("SWIO shapes", "SWIO 数据形状"),
    "shapes_intro": (
        "The SHACL shapes that every release is validated against: what each class's instances must "
        "have, and the consistency checks.",
        "每个版本发布前用于校验的 SHACL 形状：各类实例须具备的条件及一致性检查。",
    ),
    "targets": ("Applies to", "适用于"),
    "property_shapes": ("Property constraints", "属性约束"),
    "sparql_checks": ("SPARQL checks", "SPARQL 检查"),
    "severity": ("Severity", "严重程度"),
    "message": ("Message", "消息"),
    "path": ("Path", "路径"),
    "constraint": ("Constraint", "约束"),
    "show_query": ("Show the query", "查看查询"),
    # questions
    "questions_title": ("Canned questions", "预设问题"),
    "questions_intro": (
        "The competency questions of the knowledge graph, each a SPARQL query whose answer is "
        "checked against the article.",
        "知识图谱的能力问题：每个问题都是一条 SPARQL 查询，其答案已与原文核对。",
    ),
    "question": ("Question", "问题"),
    "answer": ("Answer", "答案"),
    "what_shows": ("What the answer shows", "答案说明"),
    "parameters": ("Parameters", "参数"),
    "colon": (": ", "："),
    "in_parens": (" ({text})", "（{text}）"),
    "semicolon": ("; ", "；"),
    "examples": ("e.g.", "例如"),
    "type_string": ("text", "文本"),
    "type_integer": ("integer", "整数"),
    "type_iri": ("IRI", "IRI"),
    "params_note": (
        "The answer below is for all values; the query takes the parameters with VALUES.",
        "下方答案未限定参数；查询通过 VALUES 绑定参数。",
    ),
    "the_query": ("The SPARQL query", "SPARQL 查询"),
    "download_csv": ("Download the answer as CSV", "下载答案（CSV）"),
    "download_rq": ("Download the query (.rq)", "下载查询（.rq）"),
    "rows": ("{n} rows", "{n} 行"),
    "rows_shown": (
        "the first {shown} of {n} rows (the CSV has them all)",
        "显示前 {shown} 行，共 {n} 行（CSV 含全部）",
    ),
    "no_rows": ("No rows.", "无结果。"),
    # pictures
    "pictures_title": ("Pictures", "图示"),
    "pictures_intro": ("Drawn from the graph when the site was built.", "构建网站时根据图谱绘制。"),
    "download_svg": ("Download the picture (SVG)", "下载图片（SVG）"),
    "timeline": ("Founding timeline of the Hefei network", "合肥社工协会网络建立时间线"),
    "models": ("The five models side by side", "五种模式对比"),
    "hierarchy": ("Organisation hierarchy", "组织隶属层级"),
    "ontology_diagram": ("Classes and relations of the ontology", "本体的类与关系"),
    "from_question": ("From the question", "出自问题"),
    "not_drawn": ("{n} more not drawn", "另有 {n} 项未绘出"),
    "days_after": ("days after the city association", "距市协会成立天数"),
    "models_legend_note": (
        "What the article says on each question. “Not stated” is silence, not “no”.",
        "各问题原文怎么说。“原文未述”是原文没有谈到，不是“否”。",
    ),
    "computed_mark": (" (computed)", "（推算）"),
    "case_n": ("Case {n}", "案例{n}"),
    # browse
    "browse_title": ("Browse the resources", "浏览资源"),
    "browse_intro": ("Every resource in the graph, by kind.", "按种类列出图谱中的全部资源。"),
    "kind": ("Kind", "种类"),
    "count": ("Count", "数量"),
    "kind_heading": ("{kind} ({n})", "{kind}（{n} 项）"),
    "page_n": ("page {n}", "第 {n} 页"),
    "previous": ("Previous", "上一页"),
    "next": ("Next", "下一页"),
    # landing
    "landing_lead": (
        "A linked-data publication about China's social-work industry organisations: the associations, "
        "who governs them, the government service purchases they run and the models researchers "
        "compare — every fact in Chinese and English and traced to the sentence of the article it "
        "comes from.",
        "关于中国社会工作行业组织的关联数据出版物：各协会、其治理者、政府购买服务，以及研究者比较的各种模式——"
        "每个事实均有中英文表述，并可追溯至原文中的出处句子。",
    ),
    "start_here": ("Start here", "从这里开始"),
    "release": ("Release", "版本发布"),
    "distributions": ("Downloads", "下载"),
    "description_files": ("Dataset description (DCAT and VoID)", "数据集描述（DCAT 与 VoID）"),
    "cite": ("How to cite", "如何引用"),
    "figures": ("In figures", "数据概览"),
    "triples": ("triples", "三元组"),
    "resources": ("resources", "资源"),
    "terms": ("ontology terms", "本体术语"),
    "question_count": ("canned questions", "预设问题"),
    "source_article": ("Source article", "来源文章"),
    "serve_note": (
        "Run swio serve for a live SPARQL endpoint over the same graph.",
        "运行 swio serve 可获得同一图谱的在线 SPARQL 端点。",
    ),
    "file": ("File", "文件"),
    "format": ("Format", "格式"),
    "size": ("Size", "大小"),
    # the source page
    "source_page": ("The source article, sentence by sentence", "来源文章（逐句）"),
    "source_intro": (
        "The article every fact comes from, in its own order and its own words (Chinese). Each sentence the graph "
        "draws on lists the resources drawn from it; sentences the graph does not use are marked so. The "
        "forum's anti-copy noise lines are left out.",
        "所有事实的出处文章，按原文次序和原文文字（中文）列出。图谱所依据的每个句子都列出取自该句的资源；"
        "图谱未使用的句子另有标记。论坛的防复制乱码行已略去。",
    ),
    "cite_original": ("The original article", "原文出处"),
    "source_file": (
        "The archived copy, {file}, ships with the dataset for verification; its copyright stays with the "
        "publisher. To cite this dataset, see",
        "存档副本 {file} 随数据集发布，供核对之用，版权归原出版者所有。引用本数据集，见",
    ),
    "sentences_used": ("sentences of the article used by the graph", "篇中句子为图谱所用"),
    "share_used": ("of the article's sentences used", "的原文句子被使用"),
    "links_to_facts": ("links from sentences to resources", "句子与资源之间的链接"),
    "legend_used": ("used by the graph: the resources drawn from it follow", "图谱使用的句子：其后列出取自该句的资源"),
    "legend_unused": ("not used by the graph", "图谱未使用的句子"),
    "not_used": ("Not used by the graph.", "图谱未使用此句。"),
    "drawn_from": ("Resources drawn from this sentence", "取自此句的资源"),
    "sentence_n": ("sentence {n}", "第 {n} 句"),
    "part_header": ("The forum page before the article (not part of it)", "文章之前的论坛页面（不属于文章）"),
    "part_article": ("The article", "文章"),
    "part_footer_note": (
        "After the article come the {n} lines of the forum page's footer (its buttons, the site's licence number "
        "and its software): not shown.",
        "文章之后是论坛页面页脚的 {n} 行（按钮、网站备案号和所用软件），此处不列出。",
    ),
    "source_card": (
        "The article every fact comes from, sentence by sentence, each beside the facts drawn from it.",
        "所有事实的出处文章，逐句列出，每句旁是取自该句的事实。",
    ),
    "cite_original_note": (
        "Cite the original for what the article says, and this dataset for its structure and answers. The article:",
        "引用文章所说的内容请引原文，引用其结构化数据和答案请引本数据集。原文见：",
    ),
    # the SPARQL cheat-sheet
    "cheatsheet": ("SPARQL cheat-sheet", "SPARQL 速查"),
    "cheatsheet_title": ("SPARQL cheat-sheet", "SPARQL 速查表"),
    "cheatsheet_intro": (
        "The prefixes, classes and properties of SWIO for writing your own queries, with examples; drawn "
        "from the ontology and the data when the site was built.",
        "编写查询所需的 SWIO 前缀、类和属性，附示例；构建网站时根据本体和数据生成。",
    ),
    "cheatsheet_run": ("Save a query as a file and run it with", "把查询存为文件，用"),
    "cheatsheet_lang": (
        " — the language option fills ?lang, the language of the labels in the answer. Or start from",
        " 运行——语言选项填入 ?lang，即答案中标签的语言。也可以从这里开始：",
    ),
    "cheatsheet_questions": ("the canned questions", "预设问题"),
    "cs_prefixes": ("Prefixes", "前缀"),
    "cs_things": (
        "The things of the data have IRIs under https://w3id.org/swio/id/, one namespace per kind:",
        "数据中事物的 IRI 位于 https://w3id.org/swio/id/ 之下，每种事物一个命名空间：",
    ),
    "cs_example": ("Example", "示例"),
    "cs_prefix": ("Prefix", "前缀"),
    "cs_term": ("Term", "术语"),
    "cs_label": ("Label", "标签"),
    "cs_properties": ("Properties", "属性"),
    "cs_examples": ("Examples", "示例查询"),
    # sparql (swio serve)
    "sparql_title": ("SPARQL endpoint", "SPARQL 端点"),
    "sparql_intro": (
        "A read-only SPARQL 1.1 endpoint over the whole graph (GET or POST; results as JSON, XML, "
        "CSV or TSV by Accept). Updates are refused.",
        "整个图谱的只读 SPARQL 1.1 端点（GET 或 POST；经内容协商返回 JSON、XML、CSV 或 TSV）。不接受更新。",
    ),
    "run": ("Run", "执行"),
    "error": ("Error", "错误"),
    "not_found": ("Not found", "未找到"),
    # -- resource pages as entries, search, the SPARQL page, question forms (sitefeat) -------------
    "search_title": ("Search", "搜索"),
    "search_label": ("Search the knowledge graph", "搜索知识图谱"),
    "search_placeholder": ("Search: a name or its pinyin", "搜索：名称或拼音"),
    "search_button": ("Search", "搜索"),
    "search_intro": (
        "Finds resources, ontology terms and questions by their names in Chinese or English, or by the "
        "pinyin of the Chinese name without tones (whole, by syllables, or initials).",
        "按中文或英文名称，或中文名称的无声调拼音（全拼、音节开头或首字母）查找资源、本体术语和问题。",
    ),
    "search_loading": ("Loading the search index…", "正在载入搜索索引……"),
    "search_failed": ("The search index could not be loaded.", "无法载入搜索索引。"),
    "search_count": (
        "{n} results shown; arrows to choose, Enter to open.",
        "显示 {n} 条结果；用方向键选择，回车打开。",
    ),
    "search_none": ("Nothing found for “{q}”.", "没有找到与“{q}”相符的结果。"),
    "search_found": ("{n} results for “{q}”.", "“{q}”的结果：{n} 条。"),
    "search_more": (
        "Only the first {n} are listed: make the search more precise.",
        "只列出前 {n} 条：请把搜索词写得更具体。",
    ),
    "search_all": ("All results", "全部结果"),
    "search_needs_script": (
        "This page searches in your browser: it needs scripts to be allowed. Without them, use the lists under Browse.",
        "本页在浏览器中搜索，需要允许运行脚本；也可以在“浏览”中按种类查看全部资源。",
    ),
    "search_kind_resource": ("resource", "资源"),
    "search_kind_class": ("class", "类"),
    "search_kind_property": ("property", "属性"),
    "search_kind_term": ("ontology term", "本体术语"),
    "search_kind_question": ("question", "问题"),
    "sparql_examples": ("Examples: the canned questions", "示例：预设问题"),
    "sparql_examples_note": (
        "One click runs a question's query here; change it to ask your own.",
        "点击即可在此运行该问题的查询；可以在此基础上修改，提出自己的问题。",
    ),
    "sparql_downloads": ("Download the answer", "下载答案"),
    "sparql_graph": ("The answer is a graph, in Turtle:", "答案是一个图（Turtle 格式）："),
    "sparql_ask": ("The answer:", "答案："),
    "sparql_query_label": ("Your SPARQL query", "你的 SPARQL 查询"),
    "sparql_protocol": (
        "Programs send the same queries to the SPARQL 1.1 endpoint {url} (GET or POST; JSON, XML, CSV or TSV "
        "by Accept).",
        "程序可把同样的查询发送到 SPARQL 1.1 端点 {url}（GET 或 POST；按请求所要的格式返回 JSON、XML、CSV 或 TSV）。",
    ),
    "sparql_error_update": ("This endpoint is read-only: updates are not accepted.", "本端点只读，不接受更新。"),
    "sparql_error_not_query": (
        "This is not a SPARQL query: it must be a SELECT, ASK, CONSTRUCT or DESCRIBE.",
        "这不是 SPARQL 查询：应为 SELECT、ASK、CONSTRUCT 或 DESCRIBE。",
    ),
    "sparql_error_unavailable": ("No query workers are running on this server.", "本服务器没有运行查询进程。"),
    "sparql_error_timeout": (
        "The query ran longer than {s} seconds and was stopped: narrow it down or add a LIMIT.",
        "查询运行超过 {s} 秒，已被停止：请缩小查询范围或加上 LIMIT。",
    ),
    "sparql_error_too_large": ("The answer is larger than {mb} MB: add a LIMIT.", "答案超过 {mb} MB：请加上 LIMIT。"),
    "sparql_error_busy": ("Every query worker is busy: try again shortly.", "所有查询进程都在忙：请稍后再试。"),
    "sparql_error_failed": ("The query could not be run.", "查询无法执行。"),
    "sparql_error_syntax": ("The query has a syntax error.", "查询有语法错误。"),
    "sparql_error_syntax_at": (
        "The query has a syntax error at line {line}, column {column}.",
        "查询在第 {line} 行第 {column} 列有语法错误。",
    ),
    "sparql_error_prefix": (
        "It uses {prefixes} without declaring it: add {lines}",
        "查询使用了未声明的前缀“{prefixes}”，请加上 {lines}",
    ),
    "sparql_detail": ("The query engine's own message", "查询引擎的原始信息"),
    "sparql_live_note": ("A live SPARQL endpoint over this graph: {url}", "本图谱的在线 SPARQL 端点：{url}"),
    "form_title": ("Ask with your own values", "自定义参数提问"),
    "form_submit": ("Answer", "查询"),
    "form_any": ("empty: any value", "留空表示不限"),
    "form_static_note": (
        "The form works on the live server (swio serve), where the question is answered for the values you "
        "give; a static site cannot run queries. The answer below is for all values.",
        "此表单需要在线服务器（swio serve）才能使用，服务器会按你填写的参数作答；静态网站无法执行查询。"
        "下方答案未限定参数。",
    ),
    "form_answer_for": ("The answer below is for", "下方答案的参数："),
    "form_reset": ("show the answer for all values", "显示不限参数的答案"),
    "form_twice": ("The parameter {p} is given twice.", "参数 {p} 出现了两次。"),
    "form_unknown": ("This question has no parameter {p}.", "此问题没有参数 {p}。"),
    "form_integer": ("The parameter {p} must be a whole number.", "参数 {p} 须为整数。"),
    "form_iri": ("The parameter {p} must be an IRI (https://…).", "参数 {p} 须为 IRI（https://…）。"),
    "form_bad_value": (
        "The value of {p} holds a character no value may hold (a control character or a line break).",
        "参数 {p} 的值含有不允许的字符（控制字符或换行）。",
    ),
    "form_invalid": ("These values cannot be used.", "这些参数值无法使用。"),
    "form_type_string": ("text", "文本"),
    "form_type_integer": ("whole number", "整数"),
    "form_type_iri": ("IRI", "IRI"),
    "stages_picture": ("Pudong's three stages and their tasks", "浦东协会发展的三个阶段及其任务"),
    "stages_stage_n": ("Stage {n}", "第 {n} 阶段"),
    "stages_open": ("from {year}, no end given", "{year}年以后"),
    "stages_no_end": ("the article gives no end: the stage goes on", "原文未给出结束时间：本阶段仍在继续"),
    "hierarchy_network_note": (
        "Where the network's associations are: city → district → subdistrict, by the divisions they are based in.",
        "协会网络中各协会的所在地：市 → 区县 → 街道（按所在行政区划）。",
    ),
    "hierarchy_none_named": ("(the article names no association here)", "（原文未点名此地的协会）"),
    "caption_timeline": (
        "When each association of the Hefei network was founded, and when each level was fully covered: events "
        "placed by date, so the pace shows.",
        "合肥协会网络中各协会的成立时间与各级全覆盖的时间：事件按日期排列，可以看出建设的速度。",
    ),
    "caption_stages": (
        "The Pudong association's history in the article's three stages, each with its main tasks and specific "
        "work in the article's order; the colour of a dot says how the article states the task (done, or under "
        "way). The third stage has no end in the article.",
        "原文所分的浦东协会发展三阶段，以及各阶段按原文顺序列出的主要工作与具体工作；圆点颜色表示原文对该项工作的表述"
        "（已做或正在进行）。原文未给出第三阶段的结束时间。",
    ),
    "caption_models": (
        "The five cases' models, a card each in the article's order (cases ①–⑤): for each question what the "
        "article says — stated, stated otherwise, not stated (silence, not “no”) or the editors' inference — "
        "with the article's words under the answers they bear on.",
        "五个案例的模式，按原文案例①至⑤的次序各占一张卡片：每个问题原文怎么说——原文有述、原文说法相反、"
        "原文未述（原文没有谈到，不是“否”）或编者推定——与答案有关的原文摘录列在其下。",
    ),
    "caption_hierarchy": (
        "Which organisations sit under which, and the Hefei association network from the city down to the "
        "districts and subdistricts, with each association's founding date.",
        "各组织的隶属关系，以及合肥协会网络从市到区县、街道的层级及各协会的成立日期。",
    ),
    "caption_ontology": (
        "The ontology's classes in their subclass tree (a hollow arrow points to the superclass), each box "
        "listing the relations that start from the class; the colour is the vocabulary.",
        "本体中的类按上下位关系排列（空心箭头指向上位类），每个方框列出以该类为起点的关系；颜色表示所属词表。",
    ),
    "tag_zh": ("Chinese", "中文"),
    "tag_en": ("English", "英文"),
    "entry_summary": ("At a glance", "概要"),
    "entry_colon": (": ", "："),
    "entry_sep": (", ", "、"),
    "entry_open": (" (", "（"),
    "entry_close": (")", "）"),
    "entry_approximately": ("about ", "约"),
    "entry_year_inferred": (" (year inferred)", "（年份系推断）"),
    "entry_yes": ("yes", "是"),
    "entry_no": ("no", "否"),
    "entry_currency_CNY": ("CNY", "元"),
    "entry_names": ("Names", "名称"),
    "entry_inverse": ("has this as its {p}", "以本资源为其“{p}”"),
    "entry_in_article": ("the sentence in the article", "原文中的这句话"),
    "entry_founded": ("Founded", "成立"),
    "entry_based_in": ("Based in", "所在地"),
    "entry_level": ("Level", "层级"),
    "entry_kind": ("Kind of association", "协会类型"),
    "entry_part_of": ("Part of", "隶属于"),
    "entry_leaders": ("Leaders and their posts", "负责人及其职务"),
    "entry_holders": ("{n} holders", "{n} 人"),
    "entry_held_by_holder_of": (", held by the holder of ", "，由以下职位的任职者兼任："),
    "entry_not_named": ("the article names no holder", "原文未点名任职者"),
    "entry_figures": ("Figures", "数字"),
    "entry_member_units": ("Member units", "成员单位"),
    "entry_members": ("Members", "成员"),
    "entry_member": ("Member", "成员"),
    "entry_suborganisations": ("Sub-organisations", "下属组织"),
    "entry_models": ("Models", "模式"),
    "entry_network": ("Network", "所属网络"),
    "entry_stance": ("Stance on de-administration", "去行政化立场"),
    "entry_posts": ("Posts", "职务"),
    "entry_quotations": ("Quoted", "言论"),
    "entry_case": ("Case", "案例"),
    "entry_association": ("Exemplified by", "代表组织"),
    "entry_of_which": ("of which ", "其中"),
    "entry_features": ("Features", "特征"),
    "entry_combinations": ("Combinations", "结合"),
    "entry_mechanisms": ("Mechanisms", "机制"),
    "entry_stages": ("Stages", "阶段"),
    "entry_government_role": ("Role of government", "政府角色"),
    "entry_buyer": ("Buyer", "购买方"),
    "entry_commissioner": ("Commissioned by", "委托方"),
    "entry_supporter": ("Supporter", "支持方"),
    "entry_payer": ("Paid by", "出资方"),
    "entry_funded_by": ("Funded by", "出资财政"),
    "entry_implementer": ("Implementer", "承接方"),
    "entry_agent": ("Commissioned agent", "受托方"),
    "entry_recipient": ("Recipient", "接受方"),
    "entry_service": ("Service", "服务"),
    "entry_when": ("When", "时间"),
    "entry_amount": ("Amount", "金额"),
    "entry_extent": ("Extent", "规模"),
    "entry_coverage": ("Coverage", "覆盖范围"),
    "entry_beneficiaries": ("Beneficiaries", "服务对象"),
    "entry_purpose": ("Purpose", "用途"),
    "entry_value": ("Value", "数值"),
    "entry_counts": ("What is counted", "计数对象"),
    "entry_about": ("About", "关于"),
    "entry_as_of": ("As of", "截至"),
    "entry_date": ("Date", "日期"),
    "entry_organisation": ("Organisation", "组织"),
    "entry_award": ("Award", "奖项"),
    "entry_at_event": ("At", "场合"),
    "entry_where": ("Where", "地点"),
    "entry_role": ("Role", "角色"),
    "entry_holder": ("Held by", "任职者"),
    "entry_speaker": ("Speaker", "说话人"),
    "entry_speaker_post": ("Speaking as", "说话身份"),
    "entry_mode": ("Discourse mode", "引述方式"),
    "entry_period": ("Period", "时段"),
    "entry_main_tasks": ("Main tasks", "主要工作"),
    "entry_specific_work": ("Specific work", "具体工作"),
    "entry_division_type": ("Type of division", "区划类型"),
    "entry_within": ("Within", "上级区划"),
    "entry_code": ("Division code (GB/T 2260)", "区划代码（GB/T 2260）"),
    "entry_divisions": ("Divisions", "下辖区划"),
    "entry_organisations_here": ("Organisations here", "本地组织"),
    "entry_ordinal": ("Number in the article", "原文序号"),
    "entry_modality": ("Stated as", "陈述语气"),
    "entry_publisher": ("Publisher", "出版者"),
    "entry_issued": ("Published", "发表日期"),
}


def text(key: str, lang: str, **values) -> str:
    en, zh = MESSAGES[key]
    message = zh if lang == "zh" else en
    return message.format(**values) if values else message


#: readable names for answer columns the pictures and tables show (any other column shows its variable name)
COLUMNS: dict[str, tuple[str, str]] = {
    "case": ("case", "案例"),
    "model": ("model", "模式"),
    "association": ("association", "协会"),
    "founded": ("founded", "成立"),
    "leader_holds_official_post": ("leader holds an official post", "领导兼任公职"),
    "government_money": ("government money", "政府资金"),
    "commissioned": ("commissioned by government", "政府委托"),
    "government_leads_model": ("government leads the model", "政府主导模式"),
    "de_administration": ("de-administration", "去行政化"),
    "date": ("date", "日期"),
    "event": ("event", "事件"),
    "level": ("level", "层级"),
    "precision": ("precision", "精度"),
    "days_after_city_association": ("days after the city association", "距市协会成立天数"),
}


def column(name: str, lang: str) -> str:
    """A readable name for an answer column: the site's own (pictures), else the label a canned question
    declares for a column of that name, else the variable name."""
    pair = COLUMNS.get(name)
    if pair is not None:
        return pair[1] if lang == "zh" else pair[0]
    declared = _declared_labels().get(name)
    if declared is not None and declared.get(lang):
        return declared[lang]
    return name.replace("_", " ")


@lru_cache(maxsize=1)
def _declared_labels() -> dict[str, dict[str, str]]:
    from ...queries.catalog import catalog

    labels: dict[str, dict[str, str]] = {}
    for query in catalog().values():
        for c in query.columns:
            labels.setdefault(c.name, dict(c.labels))
    return labels


#: names of the kinds of resource (``…/id/{kind}/…``) whose members share no class or scheme to be named by
KINDS: dict[str, tuple[str, str]] = {
    "org": ("organisations and public bodies", "组织与公共机构"),
}


LANGUAGES: dict[str, tuple[str, str]] = {"zh": ("Chinese (zh)", "中文"), "en": ("English (en)", "英文")}


def language(code: str, lang: str) -> str:
    """The name of a language tag (``zh``) in ``lang``."""
    pair = LANGUAGES.get(code.lower())
    if pair is None:
        return code
    return pair[1] if lang == "zh" else pair[0]


def kind(segment: str, lang: str) -> str:
    pair = KINDS.get(segment)
    if pair is None:
        return segment
    return pair[1] if lang == "zh" else pair[0]
