"""The demo incident: a fictional broadband provider's very bad day and a half.

Northwind Fibre (invented) is hit by a DDoS attack that takes hundreds of
thousands of customers offline and swamps its call centres. While checking
whether the flood hid anything else, its SOC finds a marketing database open
to the internet, holding about a million customers' details.

Everything is written relative to ``now`` so the demo always looks live: the
incident started ``ELAPSED_MINUTES`` ago. The story is a script of actions,
each stamped with the minute (after the start) at which it was *recorded*;
they are written in that order, so the hash chain runs forward in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from crisisdesk import (
    checklists,
    drafts,
    facts,
    incidents,
    playbooks,
    resources,
    stakeholders,
    timeline,
    timewords,
)
from crisisdesk.clock import FixedClock, ensure_utc
from crisisdesk.identity import Author
from crisisdesk.store import Store

DEMO_DESK_ID = "5eed5eed5eed5eed5eed5eed5eed5eed"
"""The desk id the demo writes under unless a desk is given ("seed", in hex)."""

COMPANY = "Northwind Fibre"
TITLE = "Broadband outage (DDoS) and customer data exposure"
FIRST_TITLE = "Broadband outage: suspected DDoS attack"
REGIMES = ["gdpr-33", "gdpr-34", "pecr-5a"]  # ids in resources/regulations.toml

# Minutes after the start of the incident.
ELAPSED_MINUTES = 30 * 60  # "now"
OPENED = 20  # the incident is opened on the desk
FOUND = 540  # the SOC's threat hunt finds the open database
AWARE = 600  # the DPO confirms a personal data breach
CONTAINED = 640  # the database is shut off from the internet
FIRST_NOTICE = 930  # first notice to customers about their data
REGULATOR_NOTICE = 1000  # initial report to the ICO
GDPR_DEADLINE = AWARE + 72 * 60
PRESS_NEXT = 1860  # the next press update promised in the latest statement
EXPOSED_DAYS = 548  # the open setting is about 18 months old

PEOPLE = {
    "lead": ("Ruth Calloway", "Comms lead"),
    "soc": ("Dev Chaudhry", "SOC liaison"),
    "dpo": ("Imogen Hart", "Data protection officer"),
    "legal": ("Tom Okafor", "Legal"),
    "press": ("Sian Pritchard", "Press officer"),
    "scribe": ("Alex Mercer", "Scribe"),
}
OWNERS = {
    "customers": "Ruth Calloway",
    "soc": "Dev Chaudhry",
    "employees": "Ruth Calloway",
    "vendors": "Tom Okafor",
    "press": "Sian Pritchard",
    "regulators": "Imogen Hart",
    "board": "Ruth Calloway",
}

FIRST_DESCRIPTION = (
    "Broadband service has dropped for a large share of customers in several regions after a "
    "flood of traffic hit the network. The phone queues are overwhelmed."
)
DESCRIPTION = (
    "A DDoS attack knocked about 450,000 broadband customers offline and swamped the call "
    "centres. While checking whether the attack was cover for anything else, the SOC found a "
    "marketing database that anyone on the internet could read without a password. It held "
    "about a million customers' names, email addresses, dates of birth and phone numbers, and "
    "for some, contract notes such as requests to switch the adult-content filter on or off."
)


# --- The script: one record per row, in the order they were recorded ---------


@dataclass(frozen=True)
class _Entry:
    """A timeline entry; ``happened`` is set when it was logged after the fact."""

    at: int
    by: str
    category: str
    actor: str
    text: str
    happened: int | None = None
    key_moment: str | None = None
    tag: str = ""


@dataclass(frozen=True)
class _Correction:
    """A new version of the entry tagged ``tag``: new text, or a retraction."""

    at: int
    by: str
    tag: str
    reason: str
    text: str = ""
    retract: bool = False


@dataclass(frozen=True)
class _Sent:
    """An update sent to a stakeholder group (by profile); ``next_at`` is the promise."""

    at: int
    by: str
    group: str
    channel: str
    summary: str
    next_at: int | None = None
    draft: str = ""
    key_moment: str | None = None
    meets: tuple[str, ...] = ()  # regulatory notices it fulfils ("regime/stage")


@dataclass(frozen=True)
class _FactNote:
    """A fact on the sheet; a key seen before becomes a revision."""

    at: int
    by: str
    key: str
    statement: str
    value: str = ""
    status: str = "unconfirmed"
    source: str = ""


@dataclass(frozen=True)
class _DraftNote:
    """A draft (see ``DRAFTS``) created, or moved to a new status."""

    at: int
    by: str
    tag: str
    status: str = "draft"
    note: str = ""


@dataclass(frozen=True)
class _Step:
    at: int
    by: str
    step_id: str
    title: str
    state: str = "done"
    note: str = ""


@dataclass(frozen=True)
class _AddGroups:
    at: int
    by: str


@dataclass(frozen=True)
class _StartChecklist:
    at: int
    by: str


@dataclass(frozen=True)
class _ConfirmBreach:
    """The incident revision that records awareness and the regimes that apply."""

    at: int
    by: str


_Action = (
    _Entry
    | _Correction
    | _Sent
    | _FactNote
    | _DraftNote
    | _Step
    | _AddGroups
    | _StartChecklist
    | _ConfirmBreach
)


@dataclass(frozen=True)
class _DraftSpec:
    title: str
    audience: str
    channel: str
    body: str


CUSTOMER_EMAIL = """\
Subject: Your personal details and what we are doing about it

Dear customer,

We are sorry. We have let you down, and we want to tell you plainly what happened.

What happened
On {found_date} we found that one of our marketing databases had been set up wrongly. \
Anyone on the internet could read it without a password. We closed it off within two \
hours of finding it. It seems to have been open since at least {exposed_since}.

What information was involved
The database held your name, email address, date of birth and phone number. For some \
customers it also held notes about their contract. These include requests to turn our \
adult-content filter on or off. It did not hold passwords or any bank or card details.

What we are doing
Our security team is checking who looked at the database. We know that someone we do not \
recognise downloaded data from it. We do not yet know who, or what they will do with it. \
We have told the Information Commissioner's Office, which oversees data protection in the \
UK. Our teams are working day and night on this.

What you should do
Watch out for scam emails, texts and calls, even if they seem to come from us. Criminals \
may use your details to sound convincing. We will never ask for your password, PIN or bank \
details. Do not click links in messages you did not expect. If you are unsure, hang up and call us \
on the number below. If anyone threatens to share details of your account unless you pay, \
do not pay. Report it to the police and let us know.

Putting things right
We will assess compensation for customers affected, and we will write to you about it. \
If your broadband was off for more than 12 hours, you will get a credit on your next bill \
without needing to ask.

Next update
We will post news on our status page every hour, at northwindfibre.example/status. We will \
email you again within seven days, or sooner if we learn more.

How to reach us
Call our free helpline on 0808 157 0432, open from 8am to 10pm every day. You can also \
write to our Data Protection Officer at dpo@northwindfibre.example.

Catherine Ellery
Chief Executive, Northwind Fibre
"""

PRESS_UPDATE = """\
Northwind Fibre: statement on the exposure of customer data (update)

A marketing database that we had set up wrongly could be read from the internet. It held \
details of about 1,000,000 customers: names, email addresses, dates of birth and phone \
numbers, and for some, notes about their contract. It held no passwords or payment \
details. We closed it off within two hours of finding it, and we have reported the matter \
to the Information Commissioner's Office.

Our investigation has found that data was downloaded by someone we cannot yet identify. We \
do not yet know who, and we are working with specialists to find out. We are emailing every \
affected customer, a free helpline is open on 0808 157 0432, and compensation will be \
assessed. We are very sorry.

Our next update will be at {press_next}.
Press office: press@northwindfibre.example, 020 7946 0123
"""

REGULATOR_REPORT = """\
Personal data breach report: phase 2 (further information)

To: Information Commissioner's Office
From: Northwind Fibre Ltd, a provider of public electronic communications services
ICO case reference: to be added from the acknowledgement email
Follows: the initial report submitted at {notice_utc} under UK PECR regulation 5A \
and UK GDPR Article 33.

1. Chronology (all times UTC)
- {exposed_since}: earliest date on which the configuration history shows the database \
open to the internet. Under review; it may be earlier.
- {start_utc}: a DDoS attack on our broadband network begins. No link to the exposure has \
been established.
- {found_utc}: our security operations centre identifies the open database during a \
threat hunt that followed the attack.
- {aware_utc}: personal data breach confirmed; awareness recorded by the DPO.
- {contained_utc}: public access removed and access keys rotated; external scan confirms \
the database is no longer reachable.
- {first_notice_utc}: first notice to customers published on our status page.

2. Nature of the breach
Loss of confidentiality. A marketing analytics database in our cloud environment accepted \
unauthenticated connections from the internet.

3. Data subjects and records
Approximately 1,000,000 customers (deduplicated from 1.2 million rows). Categories: full \
name, email address, date of birth, telephone number. For a subset, still being counted, \
contract notes including requests to enable or disable adult-content filtering. No \
passwords, payment card or bank account data were held.

4. Likely consequences
Phishing, smishing and impersonation calls using the exposed details. For customers with \
contract notes, a risk of blackmail, extortion and distress. Access logs cover the last 90 \
days only; they show at least one bulk download from an unidentified external address. \
Access before that period cannot be ruled out.

5. Measures taken
Database isolated; credentials rotated; evidence preserved; vendor instructed to preserve \
logs; incident reported to the NCSC; fraud team on standby for customers who report \
scam calls.

6. Measures planned
Configuration audit of all cloud data stores; retention review of marketing data; \
post-incident review with findings shared with the ICO.

7. Communication to data subjects (Article 34)
Status page notice and text message published; email to all affected customers prepared, \
to be sent in batches; dedicated helpline 0808 157 0432.

8. Contact point
Imogen Hart, Data Protection Officer, dpo@northwindfibre.example, 020 7946 0456.

Further information will follow in phases, at the latest by {gdpr_deadline_utc}.
"""

STAFF_BRIEFING = """\
Subject: The customer data exposure: what we know and what to say

Hello everyone,

Thank you for everything you have done while our network was under attack. We now need to \
tell you about a second, separate problem.

During checks after the attack, our security team found a marketing database that had been \
set up wrongly and could be read from the internet. It held details of around a million \
customers: names, email addresses, dates of birth and phone numbers. For some customers it \
also held contract notes, such as adult-content filter requests. We closed it off within \
two hours of finding it, and we are reporting it to the Information Commissioner's Office.

What we do not know yet: whether anyone copied the data, and the exact number of customers. \
We will tell you as soon as we know.

If customers ask you: use call-centre script v3 on the intranet. Be honest, say sorry, and \
do not guess. Tell them to be wary of calls, texts and emails asking for account details.

If a journalist contacts you, please do not comment. Pass them to the press office on \
020 7946 0123. Please do not post about this on social media.

Your own data: the database held customer records only. No HR or payroll data was in it.

We will brief you again on the intranet within two hours.

Ruth Calloway, Head of Communications
"""

DRAFTS = {
    "customer_email": _DraftSpec(
        "Customer notice: your personal details", "customers", "email", CUSTOMER_EMAIL
    ),
    "press_update": _DraftSpec(
        "Press statement: data exposure (update)", "press", "press_release", PRESS_UPDATE
    ),
    "ico_phase2": _DraftSpec(
        "ICO breach report: phase 2", "regulators", "regulator_portal", REGULATOR_REPORT
    ),
    "staff_briefing": _DraftSpec(
        "Staff briefing: customer data exposure", "employees", "intranet", STAFF_BRIEFING
    ),
}

BEA = "Bea Novak, customer care lead"
CEO = "Catherine Ellery, chief executive"

SCRIPT: tuple[_Action, ...] = (
    # --- The DDoS ---------------------------------------------------------------
    _Entry(
        22, "scribe", "note", "Alex Mercer",
        "Scribe on the bridge. Entries from before the incident was opened are rebuilt from "
        "the NOC log and the bridge call, and carry the times things actually happened.",
    ),
    _AddGroups(25, "lead"),
    _Entry(
        30, "soc", "detection", "Dev Chaudhry",
        "Traffic analysis confirms a DDoS: UDP reflection flood (DNS and CLDAP amplification) "
        "aimed at the broadband aggregation routers. No sign of intrusion so far; that is a "
        "hypothesis until a threat hunt has been done.",
    ),
    _Entry(
        33, "soc", "action", "Dev Chaudhry",
        "Mitigation provider called under the emergency clause of the scrubbing contract; BGP "
        "diversion of the affected prefixes requested.",
    ),
    _Sent(
        35, "lead", "customers", "status_page",
        "Many customers in London and the North West have no broadband. We know, engineers are "
        "on it, and there is no need to call us.",
        next_at=95,
    ),
    _Entry(
        38, "lead", "decision", "Ruth Calloway",
        "Holding lines agreed for every audience: many customers are offline, the cause is a "
        "deliberate flood of traffic at our network, teams are working round the clock, next "
        "update within the hour. Different words for each audience, the same facts for all.",
    ),
    _StartChecklist(40, "lead"),
    _Entry(
        44, "scribe", "detection", "Dev Chaudhry",
        "Session counts show about 300,000 broadband customers without service, mostly in "
        "Greater London and the North West.",
        tag="offline",
    ),
    _Entry(
        45, "scribe", "detection", "NOC duty engineer",
        "Edge routers in London and Manchester alarm on inbound traffic far above the normal "
        "peak; broadband sessions start dropping in both regions.",
        happened=0,
    ),
    _Entry(
        46, "scribe", "detection", BEA,
        "Call volumes climb steeply: more than 2,000 callers are waiting within a quarter of an "
        "hour of the first alarms.",
        happened=6,
    ),
    _Entry(
        47, "scribe", "action", "Dev Chaudhry",
        "SOC opens the out-of-band phone bridge and pages the crisis team. Corporate chat and "
        "email are not used for incident talk until the network is known to be clean.",
        happened=12,
    ),
    _Step(48, "lead", "open-matrix", "Open the stakeholder matrix"),
    _Sent(
        49, "soc", "soc", "phone",
        "Bridge brief: attack profile, scrubbing diversion requested, check-ins every 30 minutes "
        "on the bridge, nothing about the incident on corporate chat.",
    ),
    _FactNote(
        50, "scribe", "customers_offline",
        "About 300,000 broadband customers have lost service.",
        value="about 300,000", source="Broadband session counts, two regions",
    ),
    _Sent(
        52, "lead", "employees", "intranet",
        "Major broadband outage; call-centre script v1 attached; press enquiries go to the "
        "press office.",
    ),
    _Entry(
        55, "scribe", "action", BEA,
        "Call-centre script v1 issued, and a recorded message added at the front of the phone "
        "queue to say we know about the outage.",
    ),
    _Sent(
        58, "lead", "board", "email",
        "Major outage from a suspected DDoS, about 300,000 customers affected; next briefing "
        "within four hours.",
        next_at=298,
    ),
    _Entry(
        62, "scribe", "external", "Social media monitoring",
        "Complaints about the outage surge on social media and on public outage-tracking sites; "
        "a hashtag naming the company is trending in the UK.",
    ),
    _FactNote(
        65, "soc", "ddos_peak",
        "Attack traffic peaked at about 380 Gbit/s.",
        value="380 Gbit/s", status="confirmed", source="Mitigation provider's traffic report",
    ),
    _Entry(
        68, "lead", "decision", "Ruth Calloway",
        "Only the press office speaks to journalists. Everyone else passes enquiries to Sian "
        "Pritchard's team.",
    ),
    _Sent(
        72, "press", "press", "social",
        "Short post acknowledging the outage and pointing to the status page; replies to "
        "individual complaints handled by customer care.",
    ),
    _Entry(
        80, "soc", "action", "Dev Chaudhry",
        "First affected prefixes now routed through the scrubbing centres; service starts to "
        "return in Manchester.",
    ),
    _Entry(
        88, "scribe", "external", "Press office",
        "A regional newspaper and two national broadcasters ask for comment on the outage.",
    ),
    _Sent(
        92, "press", "press", "email",
        "Holding statement on the outage to the journalists who asked: service disrupted by a "
        "deliberate attack, restoration under way, an apology, next update promised.",
        next_at=332,
    ),
    _Step(95, "lead", "holding-statements", "Send holding statements"),
    _Sent(
        96, "lead", "customers", "status_page",
        "Service returning in parts of Manchester; London still affected. Your router may need "
        "a restart once service is back.",
        next_at=156,
    ),
    _Entry(
        102, "soc", "detection", "Dev Chaudhry",
        "Second wave: the attack switches to a TCP SYN flood against the customer DNS "
        "resolvers. Customers who still have a line cannot load websites.",
    ),
    _Entry(
        112, "soc", "action", "Dev Chaudhry",
        "Rate limits applied on the resolvers; the mitigation provider adds the resolver range "
        "to the scrubbing service.",
    ),
    _Sent(
        125, "soc", "soc", "phone",
        "Check-in: second wave on the resolvers, rate limits in place; decision needed on "
        "customer wording for the DNS problem.",
    ),
    _Entry(
        132, "scribe", "note", BEA,
        "Phone queue waits reach 94 minutes; about 41,000 callers have given up since the start.",
        happened=120,
    ),
    _FactNote(
        135, "scribe", "call_centre_wait",
        "The longest wait in the phone queue was 94 minutes; about 41,000 callers gave up "
        "before getting through.",
        value="94 minutes", status="confirmed", source="Contact-centre telephony report",
    ),
    _Entry(
        140, "scribe", "action", CEO,
        "Chief executive phones the chair of the board to brief them on the outage.",
        happened=70,
    ),
    _Entry(
        145, "legal", "decision", "Tom Okafor",
        "No statement on who is behind the attack. Public wording stays 'a deliberate attack on "
        "our network'; attribution is a matter for law enforcement.",
    ),
    _Correction(
        150, "scribe", "offline",
        text="About 450,000 broadband customers lost service at the peak, across London, the "
        "North West, the Midlands and Yorkshire.",
        reason="Recount from the session logs of all regions; the first figure covered only "
        "two regions.",
    ),
    _FactNote(
        152, "scribe", "customers_offline",
        "About 450,000 broadband customers lost service at the peak.",
        value="about 450,000", status="confirmed", source="Broadband session logs, all regions",
    ),
    _Sent(
        156, "lead", "customers", "status_page",
        "Correction: about 450,000 customers lost service at the worst point, more than we first "
        "said. Most areas are now recovering.",
        next_at=216,
    ),
    _Entry(
        165, "soc", "external", "NCSC",
        "Incident reported to the National Cyber Security Centre; an incident manager is "
        "assigned and asks for samples of the attack traffic.",
    ),
    _Entry(
        182, "soc", "action", "Dev Chaudhry",
        "All affected prefixes are now behind scrubbing; attack traffic is absorbed before it "
        "reaches our network.",
    ),
    _Entry(
        205, "scribe", "detection", "Network operations",
        "Sessions recovering: about 390,000 of the 450,000 affected customers are back online.",
    ),
    _Sent(
        216, "lead", "customers", "status_page",
        "Most customers are back online. If yours is still down, switch your router off for 30 "
        "seconds and on again.",
        next_at=276,
    ),
    _Entry(
        240, "soc", "decision", "Dev Chaudhry",
        "DDoS treated as mitigated; monitoring continues. Threat hunt opened to check whether the "
        "flood was cover for an intrusion, as the DDoS playbook asks.",
    ),
    _Sent(
        246, "lead", "board", "phone",
        "Board call: outage largely over, 450,000 customers hit at the peak, threat hunt under "
        "way, call-centre overflow agreed.",
        next_at=486,
    ),
    _Entry(
        255, "scribe", "action", BEA,
        "Overflow partner call centre opened with 120 extra agents to clear the queue.",
    ),
    _Sent(
        272, "lead", "employees", "email",
        "Service largely restored; thanks to the call-centre teams; script v2 for customers who "
        "are still offline.",
    ),
    _Sent(
        292, "lead", "customers", "status_page",
        "Nearly everyone is back online. About 12,000 customers still have router faults, and "
        "our engineers are contacting them directly.",
        next_at=412,
    ),
    _Sent(
        300, "soc", "vendors", "phone",
        "Call with the mitigation provider: keep the scrubbing diversion for at least 48 hours; "
        "daily traffic report requested.",
    ),
    _Entry(
        330, "soc", "external", "Mitigation provider",
        "The provider reports that attack traffic has stopped; scrubbing stays in place as a "
        "precaution.",
    ),
    _Entry(
        365, "soc", "action", "Dev Chaudhry",
        "Threat hunt: reviewing firewall logs, VPN logins and the cloud asset inventory for "
        "anything exposed or changed during the attack.",
    ),
    # --- The data exposure --------------------------------------------------------
    _Entry(
        FOUND, "soc", "detection", "Dev Chaudhry",
        "Threat hunt finds a marketing analytics database in our cloud account that accepts "
        "connections from the internet without a password. Hypothesis: a configuration "
        "mistake, unrelated to the DDoS.",
    ),
    _Entry(
        548, "scribe", "action", "Imogen Hart, Tom Okafor",
        "The DPO and legal join the bridge.",
    ),
    _Entry(
        558, "soc", "detection", "Dev Chaudhry",
        "A sample of records confirms customer personal data: names, email addresses, dates of "
        "birth and phone numbers.",
    ),
    _Entry(
        565, "scribe", "note", "Dev Chaudhry",
        "Unconfirmed: the database may also hold customers' bank details.",
        tag="bank",
    ),
    _FactNote(
        568, "scribe", "payment_data",
        "The exposed database may contain customers' bank details.",
        value="possible", source="First look at the table names",
    ),
    _Entry(
        578, "soc", "detection", "Dev Chaudhry",
        "Some records carry contract notes, including requests to switch the adult-content "
        "filter on or off. Risk of blackmail and extortion flagged to the DPO.",
    ),
    _FactNote(
        584, "dpo", "data_categories",
        "Names, email addresses, dates of birth and phone numbers; for some customers, contract "
        "notes such as requests to switch the adult-content filter on or off.",
        value="name, email, date of birth, phone, contract notes", status="confirmed",
        source="SOC sample of records, checked by the DPO",
    ),
    _Correction(
        592, "soc", "bank", retract=True,
        reason="Schema checked table by table: there are no bank or card fields. The column "
        "that looked like bank data holds an internal billing reference.",
    ),
    _FactNote(
        594, "dpo", "payment_data",
        "The exposed database may contain customers' bank details.",
        value="none found", status="retracted",
        source="Full schema review: no bank or card fields",
    ),
    _Entry(
        603, "dpo", "decision", "Imogen Hart",
        "Personal data breach confirmed: a marketing database holding about a million "
        "customers' details could be read from the internet without a password. Awareness "
        "recorded at {aware_utc}; the 24-hour UK PECR and 72-hour GDPR clocks run from here.",
        happened=AWARE, key_moment="awareness",
    ),
    _ConfirmBreach(606, "dpo"),
    _Entry(
        620, "soc", "detection", "Data team",
        "First count: about 1.2 million customer records in the database.",
        tag="rows",
    ),
    _FactNote(
        625, "dpo", "records_exposed",
        "About 1.2 million rows of customer records; the number of distinct customers is being "
        "worked out.",
        value="about 1,200,000 rows", source="Row count on the exposed database",
    ),
    _Entry(
        630, "soc", "action", "Dev Chaudhry",
        "Marketing platform owner found and the change agreed; a snapshot of the database is "
        "taken first so that the evidence survives the change.",
    ),
    _Entry(
        644, "soc", "action", "Dev Chaudhry",
        "Public access to the database removed and its access keys rotated; an external scan "
        "confirms it can no longer be reached from the internet.",
        happened=CONTAINED, key_moment="containment",
    ),
    _Entry(
        655, "soc", "action", "Dev Chaudhry",
        "Configuration history and access logs exported for forensic work. "
        "Access logs only go back 90 days.",
    ),
    _Entry(
        680, "soc", "detection", "Dev Chaudhry",
        "The open setting first appears in the configuration history on {exposed_since}, during "
        "a marketing platform migration. It may be older.",
    ),
    _FactNote(
        700, "dpo", "exposure_start",
        "The database has been reachable from the internet since at least {exposed_since}.",
        value="{exposed_since}", source="Cloud configuration history",
    ),
    _Entry(
        710, "dpo", "decision", "Imogen Hart, Tom Okafor",
        "Risk to customers judged high (phishing, scam calls, blackmail over contract notes). "
        "Affected customers will be told directly under GDPR Article 34, as well as the ICO.",
    ),
    _Entry(
        725, "lead", "decision", "Ruth Calloway",
        "Customer messages will say plainly what happened, which data, what we are doing and "
        "what to watch for, and that compensation will be assessed. No minimising words.",
    ),
    _Entry(
        750, "press", "external", "National newspaper",
        "A national newspaper's technology reporter asks whether customer data was left open "
        "online; an independent researcher has contacted them.",
    ),
    _Entry(
        762, "press", "decision", "Sian Pritchard",
        "We will not wait for the story: a holding statement goes to the reporter now, and the "
        "customer notice is published as soon as it is approved.",
    ),
    _Sent(
        780, "press", "press", "email",
        "Holding statement on the data exposure to the reporter: database found open and closed, "
        "customers being told, ICO informed, an apology, next update promised.",
        next_at=1020,
    ),
    _Entry(
        800, "legal", "action", "Tom Okafor",
        "Marketing platform vendor told to preserve all logs and confirm which of its staff had "
        "access, under the security-incident clause of the contract.",
    ),
    _Sent(
        805, "legal", "vendors", "email",
        "Formal notice to the marketing platform vendor: preserve logs, list staff with access, "
        "reply within 24 hours, no public comment without our agreement.",
    ),
    _DraftNote(812, "lead", "staff_briefing"),
    _DraftNote(818, "dpo", "staff_briefing", "review", "Checked against the fact sheet"),
    _DraftNote(824, "legal", "staff_briefing", "approved", "Approved by legal"),
    _DraftNote(829, "lead", "staff_briefing", "sent", "Published on the intranet"),
    _Sent(
        830, "lead", "employees", "intranet",
        "Staff briefing on the data exposure: what we know, what to tell customers, press "
        "enquiries to the press office, staff data not involved.",
        draft="staff_briefing",
    ),
    _Sent(
        870, "lead", "board", "phone",
        "Emergency board call on the data exposure: about a million customers, ICO report due "
        "within 24 hours of awareness, customer notice within hours, press enquiry in hand.",
        next_at=1110,
    ),
    _Entry(
        900, "scribe", "action", BEA,
        "Call-centre script v3 issued, covering the data exposure; fraud team on standby for "
        "customers who report scam calls.",
    ),
    _Sent(
        FIRST_NOTICE, "lead", "customers", "status_page",
        "First notice about the exposed marketing database: which data, what we have done, how "
        "to spot scam calls and messages, helpline number. An email to every affected customer "
        "will follow.",
        next_at=FIRST_NOTICE + 60,
        key_moment="first_customer_notice",
    ),
    _Sent(
        936, "lead", "customers", "sms",
        "Text message with no links, asking customers to read the notice on our website and to "
        "be wary of calls asking for account details.",
    ),
    _Sent(
        REGULATOR_NOTICE, "dpo", "regulators", "regulator_portal",
        "Initial personal data breach report to the ICO under UK PECR regulation 5A and GDPR "
        "Article 33: nature, categories, approximate numbers, measures, DPO contact. Further "
        "information to follow.",
        next_at=GDPR_DEADLINE,
        key_moment="regulator_notice",
        meets=("pecr-5a/notify-ico", "gdpr-33/notify"),
    ),
    _Step(1004, "dpo", "regulator-notice", "Send the regulator notice"),
    _Entry(
        1012, "dpo", "external", "ICO",
        "The ICO portal acknowledges the report; a case reference will follow by email.",
    ),
    _Entry(
        1065, "scribe", "note", "Alex Mercer",
        "Handover: the night team takes the bridge. SOC keeps 30-minute check-ins; the comms "
        "desk is on call.",
    ),
    _Entry(
        1090, "press", "external", "National newspaper",
        "The newspaper publishes its story online. It quotes our holding statement and links to "
        "the customer notice.",
    ),
    _Sent(
        1100, "press", "press", "social",
        "Post linking to the customer notice and the helpline number; replies point people to "
        "official channels only.",
    ),
    _Step(
        1110, "press", "press-briefing", "Hold a press briefing", "skipped",
        "No live briefing while the facts are still moving; written statements only. Review at "
        "the next board call.",
    ),
    _Entry(
        1290, "soc", "detection", "Dev Chaudhry",
        "Access logs (last 90 days) show at least one bulk download of customer tables from an "
        "unknown external address. Earlier access cannot be ruled out.",
        happened=1200,
    ),
    _Correction(
        1292, "dpo", "rows",
        text="About 1,000,000 distinct customers are in the exposed database; the 1.2 million "
        "rows include duplicates and closed accounts.",
        reason="Deduplicated count from the data team; the first figure counted rows, not "
        "customers.",
    ),
    _FactNote(
        1295, "soc", "data_accessed",
        "Access logs for the last 90 days show at least one bulk download by an unknown party; "
        "access before then cannot be ruled out.",
        value="at least one bulk download", source="SOC forensic review",
    ),
    _FactNote(
        1296, "dpo", "records_exposed",
        "About 1,000,000 customers' details were in the exposed database.",
        value="about 1,000,000", status="confirmed", source="Data team, deduplicated count",
    ),
    _DraftNote(1310, "lead", "customer_email"),
    _Sent(
        1320, "soc", "soc", "phone",
        "Forensic summary of the bulk download; indicators passed to the NCSC; decision needed "
        "on extra monitoring of the customer portal.",
    ),
    _Entry(
        1380, "dpo", "external", "ICO",
        "The ICO case officer asks for a follow-up report, including how many customers have "
        "contract notes in the data.",
    ),
    _DraftNote(1400, "dpo", "ico_phase2"),
    _DraftNote(1410, "lead", "customer_email", "review", "Ready for legal and the DPO"),
    _Sent(
        1440, "lead", "employees", "email",
        "Staff update: what we now know about the exposure, helpline live, script v4, press "
        "enquiries still go to the press office.",
    ),
    _Sent(
        1500, "lead", "board", "email",
        "Written board update: 1,000,000 customers confirmed, a bulk download found, ICO report "
        "sent; a decision on compensation is needed.",
        next_at=1740,
    ),
    _Entry(
        1530, "lead", "decision", "Executive committee",
        "Compensation will be assessed for customers affected by the exposure. Customers who were "
        "offline for more than 12 hours get an automatic bill credit.",
    ),
    _FactNote(
        1535, "lead", "compensation",
        "Compensation for the data exposure will be assessed; customers offline for more than 12 "
        "hours receive an automatic bill credit.",
        value="to be assessed; automatic credit for outages over 12 hours", status="confirmed",
        source="Executive committee decision",
    ),
    _Entry(
        1560, "soc", "action", "Dev Chaudhry",
        "Extra fraud monitoring on the customer portal and on phone verification; agents told to "
        "expect people posing as customers.",
    ),
    _Sent(
        1590, "soc", "vendors", "email",
        "Reminder to the marketing platform vendor: access logs and the staff list are due "
        "within the 24-hour deadline; the confidentiality clause still applies.",
    ),
    _Entry(
        1620, "scribe", "action", BEA,
        "Dedicated helpline for the data exposure goes live with 200 trained agents.",
    ),
    _Entry(
        1650, "press", "external", "Broadcasters",
        "Two broadcasters ask to interview the chief executive.",
    ),
    _Sent(
        1680, "press", "press", "email",
        "Updated statement: 1,000,000 customers affected, helpline open, compensation to be "
        "assessed, next update promised.",
        next_at=PRESS_NEXT,
    ),
    _DraftNote(1700, "press", "press_update"),
    _DraftNote(1720, "dpo", "customer_email", "approved", "Approved by the DPO and legal"),
    _Entry(
        1725, "lead", "decision", "Ruth Calloway",
        "Customer email approved; it goes out in batches of 100,000, starting within the hour.",
    ),
    _Sent(
        1750, "lead", "employees", "intranet",
        "The customer email is approved and going out in batches; what to say when customers "
        "call about it.",
    ),
    _DraftNote(1760, "press", "press_update", "review", "Waiting for sign-off by legal"),
    _Sent(
        1775, "soc", "soc", "phone",
        "Check-in: no new outside access since containment; vendor logs received and under "
        "review.",
    ),
    _Sent(
        1780, "lead", "customers", "status_page",
        "Emails to affected customers are going out in batches; the helpline is open; how to "
        "spot scam calls and messages.",
        next_at=1840,
    ),
    _Entry(
        1790, "scribe", "note", "Ruth Calloway",
        "The board update promised after the last written briefing is overdue; Ruth Calloway is "
        "arranging a call with the chief executive's office.",
    ),
)  # fmt: skip


# --- Writing it ----------------------------------------------------------------


def write_demo(store: Store, *, now: datetime, who: Author | None = None) -> str:
    """Write the demo incident into `store` and return its incident id."""
    now = ensure_utc(now)
    desk_id = who.desk_id if who is not None else DEMO_DESK_ID
    with store.write() as session:
        writer = _Writer(session, desk_id, now - timedelta(minutes=ELAPSED_MINUTES))
        for action in sorted(SCRIPT, key=lambda a: a.at):
            writer.apply(action)
        return writer.incident_id


def create_demo_database(path: Path, *, now: datetime) -> str:
    """Write the demo into a new database file at `path` and return the incident id."""
    if path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise FileExistsError(
            f"{path} already exists and is not empty; the demo is only written into a new "
            "database. Choose another file name, or move this file away first."
        )
    store = Store.open(path)
    try:
        return write_demo(store, now=now)
    finally:
        store.close()


def story_times(start: datetime) -> dict[str, str]:
    """The named moments that the demo's texts quote, formatted for a reader."""

    def utc(minute: int) -> str:
        return f"{start + timedelta(minutes=minute):%Y-%m-%d %H:%M} UTC"

    exposed = start - timedelta(days=EXPOSED_DAYS)
    found = start + timedelta(minutes=FOUND)
    return {
        "exposed_since": timewords.long_date(exposed),
        "found_date": timewords.long_date(found),
        "start_utc": utc(0),
        "found_utc": utc(FOUND),
        "aware_utc": utc(AWARE),
        "contained_utc": utc(CONTAINED),
        "first_notice_utc": utc(FIRST_NOTICE),
        "notice_utc": utc(REGULATOR_NOTICE),
        "gdpr_deadline_utc": utc(GDPR_DEADLINE),
        "press_next": utc(PRESS_NEXT),
    }


class _Writer:
    """Plays the script into one session, keeping the ids that later rows refer to."""

    def __init__(self, session: Session, desk_id: str, start: datetime) -> None:
        self.session = session
        self.start = start
        self.clock = FixedClock(self.when(OPENED))
        self.times = story_times(start)
        self.people = {key: Author(desk_id, name, role) for key, (name, role) in PEOPLE.items()}
        self.entries: dict[str, str] = {}
        self.groups: dict[str, str] = {}
        self.facts: dict[str, str] = {}
        self.drafts: dict[str, str] = {}
        self.draft_revisions: dict[str, str] = {}
        self.run_id = ""
        self.incident_id = incidents.open_incident(
            session,
            self.people["lead"],
            self.clock,
            FIRST_TITLE,
            severity="critical",
            started_at=start,
            description=FIRST_DESCRIPTION,
        ).id

    def when(self, minute: int) -> datetime:
        return self.start + timedelta(minutes=minute)

    def text(self, template: str) -> str:
        return template.format_map(self.times)

    def apply(self, action: _Action) -> None:
        self.clock.set(self.when(action.at))
        who = self.people[action.by]
        match action:
            case _Entry():
                self.entry(who, action)
            case _Correction():
                self.correction(who, action)
            case _Sent():
                self.sent(who, action)
            case _FactNote():
                self.fact(who, action)
            case _DraftNote():
                self.draft(who, action)
            case _Step():
                checklists.record_step(
                    self.session,
                    who,
                    self.clock,
                    self.run_id,
                    action.step_id,
                    action.state,
                    step_title=action.title,
                    note=action.note,
                )
            case _AddGroups():
                # The shipped groups, not a user's override: the script names their profiles.
                shipped = resources.shipped_dir() / "stakeholders.toml"
                specs = stakeholders.load_default_groups(shipped)
                owned = [s.model_copy(update={"owner": OWNERS.get(s.profile, "")}) for s in specs]
                ids = stakeholders.add_defaults(
                    self.session, who, self.clock, self.incident_id, owned
                )
                self.groups = {spec.profile: gid for spec, gid in zip(owned, ids, strict=True)}
            case _StartChecklist():
                # The shipped playbook, not a user's copy: the script names its steps.
                shipped = resources.shipped_dir() / playbooks.FOLDER / "crisis-communications.toml"
                self.run_id = checklists.start_run(
                    self.session, who, self.clock, self.incident_id,
                    playbooks.load_playbook(shipped),
                )  # fmt: skip
            case _ConfirmBreach():
                incidents.revise(
                    self.session,
                    who,
                    self.clock,
                    self.incident_id,
                    reason="The DPO confirmed a personal data breach; as a broadband provider "
                    "we fall under UK PECR as well as GDPR.",
                    title=TITLE,
                    description=DESCRIPTION,
                    aware_at=self.when(AWARE),
                    regimes=list(REGIMES),
                )

    def entry(self, who: Author, action: _Entry) -> None:
        entry = timeline.append(
            self.session,
            who,
            self.clock,
            self.incident_id,
            self.text(action.text),
            category=action.category,
            occurred_at=self.when(action.happened) if action.happened is not None else None,
            actor=action.actor,
            key_moment=action.key_moment,
        )
        if action.tag:
            self.entries[action.tag] = entry.id

    def correction(self, who: Author, action: _Correction) -> None:
        changes = {"text": self.text(action.text)} if action.text else {}
        entry = timeline.correct(
            self.session,
            who,
            self.clock,
            self.entries[action.tag],
            reason=action.reason,
            retract=action.retract,
            **changes,
        )
        self.entries[action.tag] = entry.id

    def sent(self, who: Author, action: _Sent) -> None:
        stakeholders.log_update(
            self.session,
            who,
            self.clock,
            self.incident_id,
            self.groups[action.group],
            channel=action.channel,
            summary=action.summary,
            promised_next_at=self.when(action.next_at) if action.next_at is not None else None,
            draft_revision_id=self.draft_revisions.get(action.draft),
            key_moment=action.key_moment,
            meets=list(action.meets),
        )

    def fact(self, who: Author, action: _FactNote) -> None:
        statement, value = self.text(action.statement), self.text(action.value)
        if action.key in self.facts:
            facts.revise(
                self.session,
                who,
                self.clock,
                self.facts[action.key],
                self.incident_id,
                statement,
                value=value,
                status=action.status,
                source=action.source,
                log=False,  # the script's own entries tell the story
            )
        else:
            self.facts[action.key] = facts.add(
                self.session,
                who,
                self.clock,
                self.incident_id,
                action.key,
                statement,
                value=value,
                status=action.status,
                source=action.source,
                log=False,
            )

    def draft(self, who: Author, action: _DraftNote) -> None:
        spec = DRAFTS[action.tag]
        body = self.text(spec.body)
        if action.tag not in self.drafts:
            self.drafts[action.tag] = drafts.create(
                self.session,
                who,
                self.clock,
                self.incident_id,
                title=spec.title,
                audience=spec.audience,
                channel=spec.channel,
                body=body,
                stakeholder_id=self.groups.get(spec.audience),
            )
        if action.status != "draft" or action.note:
            self.draft_revisions[action.tag] = drafts.revise(
                self.session,
                who,
                self.clock,
                self.drafts[action.tag],
                self.incident_id,
                body,
                status=action.status,
                note=action.note,
            )
