"""English demo texts: a rep selling industrial supplies, packaging and components.

Keys named after a column fill that column; ``{n}`` is replaced by a number (see generate).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, ...]] = {
    # stage 1: need and business overview
    "need_reason": (
        "Their only fastener supplier missed three deliveries this quarter",
        "Expanding the assembly line; they need a second source for bearings and seals",
        "Packaging costs rose 18% after the current supplier's price increase",
        "Complaints from their own customers traced back to bought-in components",
        "A new product line needs food-grade packaging they cannot source today",
        "They want one supplier for MRO items instead of five small ones",
        "An audit found no backup supplier for critical valves",
        "Moving to just-in-time; the current supplier cannot do weekly call-offs",
    ),
    "scale": (
        "About {n} employees, one plant",
        "{n} staff across two sites",
        "About {n} employees, own warehouse and two assembly lines",
        "{n} staff; plant plus a regional distribution centre",
    ),
    "current_state": (
        "Order book full for the next six months; running two shifts",
        "Stable but flat sales; cost pressure from their main customer",
        "Growing fast after winning an automotive contract",
        "Recovering from a weak year; new management since spring",
        "Profitable, family owned, cautious about change",
    ),
    "business_plans": (
        "Opening a second plant next year",
        "Automating the packing line within 12 months",
        "Plan to cut the supplier base by a third",
        "Expanding exports to Europe; need certified materials",
        "Launching a new product family in Q3",
    ),
    # stage 2: suppliers, the customer's business, other sources
    "supplier_structure": (
        "One main distributor (about 70%) plus local shops for urgent items",
        "Two suppliers split by product family",
        "Buys direct from three manufacturers; no distributor",
        "A single supplier for everything, chosen by the owner years ago",
        "Central purchasing picks suppliers for all three sites",
    ),
    "supplier_problems": (
        "Late deliveries and no stock visibility",
        "Quality varies between batches; two recalls last year",
        "Prices raised twice without notice",
        "Slow response to technical questions",
        "Minimum order quantities too high for their volumes",
        "Invoices often wrong; accounts payable complains",
    ),
    "change_wish": (
        "Purchasing wants a second source before the next audit",
        "Open to trial orders; will not replace the main supplier at once",
        "Strong wish to change; the plant manager is frustrated",
        "Only if we beat the current price by at least 5%",
        "Wants to add a supplier for new items only",
    ),
    "supplier_tenure": ("About {n} years", "{n} years, since the plant opened", "Roughly {n} years"),
    "supplier_how_won": (
        "Lowest bid in a tender",
        "Personal relationship with the former purchasing director",
        "Came with the machines they bought",
        "Only local supplier at the time",
        "Recommended by their largest customer",
    ),
    "customer_base": (
        "Tier-1 automotive suppliers",
        "Supermarket chains and food brands",
        "Construction and building-materials firms",
        "Export customers in Europe and the Middle East",
        "Machine builders and OEMs in the region",
    ),
    "stability": (
        "Sound finances; pays on time",
        "Depends on one large customer for 40% of sales",
        "Long-standing business, low debt",
        "Seasonal cash flow; pays late in winter",
    ),
    "after_sales": (
        "Own quality team handles returns within a week",
        "Weak: complaints go straight to the supplier",
        "ISO 9001 certified; clear complaint process",
        "Small team; relies on suppliers for root-cause analysis",
    ),
    "other_sources": (
        "Company website and trade-fair catalogue",
        "Credit report ordered; rating good",
        "Industry association directory",
        "A former employee now works for one of our customers",
        "News article on their expansion",
    ),
    # stage 3: cooperation and obstacles
    "cooperation": (
        "Trial order for one product family, then a framework agreement",
        "Second source for critical items at first",
        "Full MRO supply with a consignment store on site",
        "Joint cost-down project on packaging",
    ),
    "obstacles": (
        "The purchasing director is loyal to the current supplier",
        "Long qualification process for new materials",
        "Payment terms: they expect 90 days",
        "Their ERP only accepts two suppliers per item",
        "Price gap of about 4% to the incumbent",
    ),
    "notes": (
        "Met at the regional trade fair",
        "Referred by an existing customer",
        "Reception is strict; always book visits in advance",
        "Parking behind the plant; ask for the goods entrance",
    ),
    # people
    "title_decision_maker": (
        "General Manager",
        "Purchasing Director",
        "Operations Director",
        "Plant Manager",
        "Managing Director",
        "Supply Chain Director",
        "Technical Director",
    ),
    "title_insider": (
        "Buyer",
        "Purchasing Assistant",
        "Customer Service Lead",
        "Warehouse Supervisor",
        "Senior Buyer",
    ),
    "title_influencer": (
        "Quality Manager",
        "Production Engineer",
        "Finance Manager",
        "Maintenance Manager",
        "Technical Lead",
    ),
    "title_user": ("Line Supervisor", "Maintenance Technician", "Storekeeper", "Shift Leader"),
    "title_other": ("Receptionist", "Office Manager", "Logistics Coordinator"),
    "hometown": (
        "Manchester",
        "Leeds",
        "Glasgow",
        "Cardiff",
        "Belfast",
        "Cork",
        "Cleveland",
        "Pittsburgh",
        "Toronto",
        "Melbourne",
        "Krakow",
        "Lagos",
        "Pune",
        "Taipei",
    ),
    "interests": (
        "Football (supports the local club)",
        "Classic cars",
        "Wine",
        "History books",
        "Cycling",
        "Photography",
        "Cooking",
        "Jazz",
    ),
    "hobbies": ("Golf", "Fishing", "Running", "Gardening", "Sailing", "Chess", "Hiking", "Tennis"),
    "personality": (
        "Direct, dislikes small talk",
        "Warm and talkative",
        "Cautious, needs time to decide",
        "Analytical, asks for data",
        "Proud of the company's history",
    ),
    "working_style": (
        "Decides in meetings with the owner",
        "Wants everything in writing",
        "Delegates details to the buyer",
        "Hands-on, walks the shop floor daily",
        "Prefers short calls to long meetings",
    ),
    "family": (
        "Married, two children at school",
        "Married, grown-up children",
        "Single",
        "Daughter studies engineering",
        "Spouse also works in the company",
    ),
    "authority": (
        "Signs off all suppliers",
        "Approves orders up to 50k; the owner above",
        "Recommends; the board decides",
        "Final say on technical approval",
    ),
    "tenure": ("{n} years", "{n} years, joined as an engineer", "{n} years, came from a competitor"),
    "approach_plan": (
        "Invite to our open day and factory tour",
        "Offer a cost-saving study on their packaging",
        "Golf day with our sales director",
        "Ask the insider for the best moment before the budget round",
        "Send a short case study from a similar plant",
    ),
    # activities: summaries by kind
    "summary_visit": (
        "Visited the plant; walked the assembly line with the buyer",
        "Met purchasing to discuss current supplier problems",
        "Presented our range and delivery model",
        "Reviewed trial results on site",
    ),
    "summary_call": (
        "Call to confirm interest and the right contact",
        "Phoned the buyer about the sample feedback",
        "Short call to agree the meeting agenda",
    ),
    "summary_meal": (
        "Lunch with the buyer; heard about internal politics",
        "Dinner with the decision maker and our manager",
    ),
    "summary_message": ("Sent the price list by email", "Message exchange about lead times"),
    "summary_material": (
        "Sent catalogue and company profile",
        "Sent the tailored proposal and references",
    ),
    "summary_sample": (
        "Delivered samples for the line trial",
        "Second sample batch after spec change",
    ),
    "summary_executive_meeting": (
        "Our director met their general manager",
        "Executive meeting on a framework agreement",
    ),
    "summary_inspection": (
        "Their team inspected our warehouse and QC lab",
        "Site inspection of our partner plant",
    ),
    "summary_system_support": (
        "Set up EDI ordering with their IT",
        "Configured the vendor-managed stock report",
    ),
    "summary_other": ("Met at an industry association evening", "Attended their supplier day"),
    # next steps: by stage, then for accounts off the board
    "next_1": (
        "Call to confirm the need and find the buyer",
        "Send company profile and book a first visit",
        "Ask for their supplier list and annual volumes",
    ),
    "next_2": (
        "Deliver samples and agree trial criteria",
        "Collect sample feedback from production",
        "Meet the buyer off-site to learn who decides",
        "Send the proposal",
    ),
    "next_3": (
        "Score the account with the team lead",
        "Draft the development plan",
        "Clarify the payment terms obstacle",
    ),
    "next_4": (
        "Invite the decision maker to our open day",
        "Lunch with the plant manager",
        "Prepare the tailored presentation",
        "Arrange a meeting with our director",
    ),
    "next_5": (
        "Host their inspection at our warehouse",
        "Agree the framework contract terms",
        "Set up ordering system access",
    ),
    "next_paused": ("Check for changes next quarter", "Call the insider for news"),
    "next_terminated": ("Check again in six months whether their supplier situation changed",),
    "next_lost": ("Keep in touch with the buyer; revisit after their next tender",),
    "next_won": ("Kick-off meeting for the first order", "Plan the first quarterly review"),
    # status reasons and assessment notes
    "reason_terminated": (
        "No real need: the current supplier is also the parent company",
        "Volumes too small to be worth serving",
        "Plant is closing next year",
    ),
    "reason_lost": (
        "Incumbent matched our price",
        "Owner decided to stay with the current supplier",
        "Lost the tender on payment terms",
        "Decision maker left; successor favours a competitor",
    ),
    "reason_paused": ("Grade D: low value for the effort; observe",),
    "note_insufficient": ("Too little known about suppliers and risk; back to gathering",),
    "note_graded": ("Scored with the team lead", "Re-scored after the trial results"),
    # decision simulation
    "sim_customer": (
        "Reliable weekly deliveries",
        "One supplier for all MRO items",
        "Lower total cost",
        "Technical support on site",
        "Certified quality and traceability",
    ),
    "sim_decision_maker": (
        "We solved his urgent shortage last winter",
        "Our director knows him personally",
        "The switch makes him look good to the owner",
        "We trained his team for free",
    ),
    # the method's records in depth
    "deal_path": (
        "Trial order, then a one-year framework agreement",
        "Win the fasteners first, then the whole MRO range",
        "Replace the second supplier at the next tender",
        "Through the plant manager to the general manager's approval",
    ),
    "milestone_note": (
        "Presented with case studies from the same industry",
        "Their technical team agreed",
        "Covered in the proposal meeting",
        "Our general manager met theirs",
        "Visited our warehouse and the quality lab",
        "EDI ordering and stock reports set up",
    ),
    "material": (
        "Case study: a plant of the same size",
        "Cost comparison against their current supplier",
        "Quality certificates and test reports",
        "Proposal for vendor-managed stock",
    ),
    "counter_plan": (
        "Show him the savings in his own department's figures",
        "Invite him to the plant visit so he sees the quality himself",
        "Give his team a say in the trial's product choice",
    ),
    "counter_step": (
        "Lunch to hear his concerns",
        "Send him the cost comparison",
        "Invite him to the trial review",
    ),
    "review_note": (
        "The plant manager has come round",
        "Purchasing still favours the old supplier",
        "No change since the last review",
    ),
}

# development plan steps: (step, task, support needed, owner role)
PLAN: tuple[tuple[str, str, str, str], ...] = (
    (
        "Trial order",
        "Run a one-month trial on one product family",
        "Samples and a technician",
        "BD specialist",
    ),
    (
        "Technical approval",
        "Pass their quality team's approval",
        "QC documents and test reports",
        "Outreach team lead",
    ),
    (
        "Decision-maker meeting",
        "Present the proposal to the decision maker",
        "Tailored presentation",
        "Business manager",
    ),
    ("Executive visit", "Our director visits their general manager", "Director's time", "Executives"),
    ("Framework agreement", "Negotiate prices and terms for a year", "Pricing approval", "Business manager"),
)
