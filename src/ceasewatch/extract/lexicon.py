"""The words that signal an event of each type, how firmly a sentence states it, and counts.

Each trigger is a regular expression over a lower-cased sentence and the taxonomy
code it signals. The order of ``TRIGGERS`` is a priority: when several types of one family
fire in a sentence, the first listed wins ("mortar and small-arms fire" is shelling). A
type marked ``mission`` fires only when the sentence speaks of the monitoring mission (or
the document is the mission's own), since a patrol or a checkpoint of a party is
something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Trigger:
    code: str
    pattern: str
    mission: bool = False  # only about the monitoring mission


_FIRE = (
    r"(?:open(?:ed|ing)? fire|fired\b|firing\b|shots? (?:was |were )?fired|gunfire|shooting\b|"
    r"under fire|came under|exchange of fire|exchanged fire|sniper|small[- ]arms|machine[- ]?guns?|"
    r"automatic (?:weapons|rifles)|rifles?\b|shot (?:at|dead)|bursts? of fire|shelled|shelling)"
)

TRIGGERS: tuple[Trigger, ...] = (
    # ceasefire violations: the weapon decides the type; a bare violation is undetermined
    Trigger(
        "cfv.shelling",
        r"\b(?:mortars?|artillery|shell(?:ed|ing|s)?|howitzers?|rockets?|"
        r"grad\b|multiple rocket|\d+[- ]?mm\b|heavy weapons? fire|(?:large|heavy)[- ]calibre)",
    ),
    Trigger(
        "cfv.drone",
        r"\b(?:drones?|uavs?|unmanned aerial|quadcopters?|air ?strikes?|"
        r"loitering munitions?)\b",
    ),
    Trigger("cfv.grenade", r"(?<!stun )(?<!flash )\bgrenades?\b(?! launchers?)"),
    Trigger("cfv.small_arms", _FIRE),
    Trigger(
        "cfv.undetermined",
        r"\b(?:violat(?:ed|ing|ion of|ions of) (?:the )?(?:ceasefire|truce)|"
        r"ceasefire violations?|(?:breach|breaches|breached) (?:of )?(?:the )?(?:ceasefire|truce))",
    ),
    # armed clashes
    Trigger("clash.chemical", r"\b(?:chemical weapons?|white phosphorus|phosphorus munitions)\b"),
    Trigger(
        "clash.government_regains",
        r"\b(?:regain(?:ed)? control|took (?:full )?control of|"
        r"taken control of|liberated (?:the )?(?:village|town|city|settlement|he"
        r"ights?|positions?)|recaptured|captured (?:the |several |a )?(?:heights"
        r"?|"
        r"positions?|village|villages|hill|peak)|seized (?:the |several |a )?(?:heights?|"
        r"positions?|villages?|hill|peak))",
    ),
    Trigger(
        "clash.armed",
        r"\b(?:clash(?:es|ed)?|fighting|firefights?|skirmish(?:es)?|battles?\b|"
        r"hostilities (?:resumed|broke out|erupted)|offensive\b|assault on|stormed|"
        r"anti-terror(?:ist)? (?:operation|measures)|military operation|sabotage (?:group|attack)|"
        r"attack(?:ed|s)? (?:on )?(?:the )?(?:\w+ ){0,3}positions|attempt(?:ed|s)? to (?:seize|"
        r"capture|take)|(?:group|detachment|saboteurs?) (?:was|were) (?:neutrali[sz]ed|destroyed))",
    ),
    # violence against civilians
    Trigger("civilians.sexual_violence", r"\b(?:rape[sd]?|sexual (?:violence|assault|abuse))\b"),
    Trigger(
        "civilians.abduction",
        r"\b(?:abduct(?:ed|ion|ions|ing)?|kidnap(?:ped|ping|s)?|"
        r"forcibly disappeared|forced disappearance|taken captive|taken hostage|hostages?)\b",
    ),
    Trigger(
        "civilians.property_destruction",
        r"\b(?:loot(?:ed|ing)|set (?:on )?fire to|set ablaze|"
        r"burn(?:ed|t|ing) down|torched|vandali[sz](?:ed|m|ing)|desecrat(?:ed|ion|ing)|"
        r"demolish(?:ed|ing)?|bulldoz(?:ed|ing)|razed|defaced|destroy(?:ed|ing)? (?:a |the |an )?"
        r"(?:house|houses|homes?|church|chapel|cemetery|cemeteries|monument|khachkars?|"
        r"memorial|school|property|crops|orchards?))",
    ),
    Trigger(
        "civilians.attack",
        r"\b(?:(?:attack(?:ed|s)?|assault(?:ed)?|beat(?:en)?|shot|targeted|"
        r"fired (?:at|on)|wounded|injured|killed) (?:a |an |two |three |several |the |\d+ )"
        r"(?:local )?(?:civilians?|farmers?|shepherds?|residents?|villagers?|tractor drivers?|"
        r"herders?|children|child|woman|women|man|men|teenager|boy|girl|family)|"
        r"(?:civilians?|farmers?|shepherds?|residents?|villagers?|tractor|herders?|children|"
        r"woman|man|boy|girl)\b[^.;]{0,60}?\b(?:was|were|been|got)? ?(?:shot|wounded|"
        r"injured|killed|attacked|beaten|assaulted|targeted|hit by))",
    ),
    # military movement
    Trigger(
        "movement.withdrawal",
        r"\b(?:withdr[ae]w(?:n|al)?|withdrawing|pull(?:ed|ing)? (?:out|back)|"
        r"pull-?out|left (?:the|their) positions)",
    ),
    Trigger(
        "movement.base_established",
        r"\b(?:(?:set up|established|setting up|establish(?:ing)?|"
        r"opened|installed|erected|built|building|constructed) (?:a |an |the |two |three |"
        r"several |new )*(?:new )?(?:military )?(?:bases?|posts?|outposts?|positions?|"
        r"checkpoints?|headquarters|barracks|camps?|border post)|new (?:military )?"
        r"(?:bases?|outposts?|checkpoint)|"
        r"(?:installed|set up|established|opened) (?:a |an |the )?(?:new )?(?:bo"
        r"rder |military |observation )?(?:checkpoint|post))",
    ),
    Trigger(
        "movement.fortification",
        r"\b(?:fortif(?:y|ied|ying|ications?)|trench(?:es)?|dug(?:outs?)?\b|"
        r"digging|engineering (?:works?|equipment)|earthworks|concrete (?:barriers|blocks)|"
        r"firing positions?|strengthen(?:ed|ing) (?:its |their )?positions)",
    ),
    Trigger(
        "movement.forces",
        r"\b(?:(?:mov(?:ed|ing)|deploy(?:ed|ing)|deployment|redeploy(?:ed|ing|ment)?|"
        r"transferr?(?:ed|ing)|brought (?:in|up)|concentrat(?:ed|ing|ion)|build-"
        r"?up|amass(?:ed|ing)|"
        r"massing|reinforce(?:d|ments)) (?:of )?(?:additional |more |new |heavy |armou?red |"
        r"military |\d+ |several |dozens of )*(?:troops|forces|units|armou?r|tanks|"
        r"armou?red vehicles|military (?:equipment|vehicles|hardware)|heavy weapons|"
        r"artillery pieces|servicemen|personnel|reinforcements)|troop movements?|"
        r"military (?:exercises|drills|build-?up)|movement of (?:troops|military"
        r")|crossed (?:into |the "
        r"(?:state )?border)|advanced (?:up to |about |some )?\d|moved (?:about |some )?\d+ "
        r"(?:metres|meters|kilometres|km) forward)",
    ),
    # corridor transit
    Trigger(
        "corridor.bypass",
        r"\b(?:bypass(?:es|ed|ing)?|dirt roads?|unpaved roads?|gravel roads?|"
        r"alternative (?:road|route)s?|mountain (?:road|track|path)s?|off the corridor|"
        r"outside the corridor|circumvent(?:ed|ing)?|forest roads?|side roads?)\b",
    ),
    Trigger(
        "corridor.convoy",
        r"\b(?:convoys?\b|column of (?:vehicles|trucks|cars|buses)|"
        r"(?:vehicles|trucks|lorries|cars|buses) (?:travell?ed|moved|drove|passed|went) "
        r"(?:along|through|via|down|up))",
    ),
    Trigger(
        "corridor.crossing",
        r"\b(?:(?:crossed|passed through|went through|entered through|"
        r"pass(?:ed|ing)? through|crossings? (?:of|at|through)) (?:the )?(?:\w+ ){0,2}"
        r"(?:checkpoint|crossing point|bridge)|(?:vehicles|trucks|cars|people|"
        r"citizens|residents) (?:used|crossed|passed) (?:the )?(?:\w+ )?corridor)",
    ),
    # illicit transfers
    Trigger(
        "transfer.weapons",
        r"\b(?:smuggl(?:ed|ing) (?:of )?(?:weapons|arms|ammunition|mines|"
        r"military)|(?:weapons|arms|ammunition|mines|military cargo|military personnel|"
        r"servicemen|troops|explosives)\b[^.;]{0,50}?\b(?:smuggled|transported|transferred|"
        r"delivered|carried|brought|hidden|found)|(?:transport|transfer|delivery|supply|"
        r"shipment|rotation)(?:s|ed|ing)? of (?:weapons|arms|ammunition|mines|military "
        r"cargo|military personnel|servicemen)|military cargo|arms (?:deliveries|shipments)|"
        r"(?:transported|supplied|received|delivered|brought|supplies of) (?:\w+"
        r" ){0,3}(?:ammunition|weapons|arms)\b|re-?arming)",
    ),
    Trigger(
        "transfer.resources",
        r"\b(?:ore\b|ores\b|gold\b|copper|molybdenum|minerals?|"
        r"(?:metal|mineral|ore) concentrate|illegal(?:ly)? (?:mining|exploitation|logging)|"
        r"natural resources|timber|logging\b|mining (?:trucks|operations|activity|site))",
    ),
    # obstruction
    Trigger(
        "obstruction.journalists",
        r"\b(?:(?:journalists?|reporters?|camera ?(?:crew|man|men)|"
        r"(?:film|television|tv) crews?|media (?:crew|workers|representatives)|correspondents?|"
        r"bloggers?|press (?:crew|team))\b[^.;]{0,80}?\b(?:stopped|detained|denied|barred|"
        r"not (?:allowed|permitted)|turned back|prevented|blocked|refused|confiscated|expelled|"
        r"harass|attacked|banned|held|obstructed|deported)|(?:stopp|detain|bar|turn(?:ed|ing) "
        r"back|prevent|block|expell|harass|attack|ban|obstruct|deport)\w*\b[^.;]{0,60}?\b"
        r"(?:journalists?|reporters?|camera ?(?:crew|man|men)|(?:film|television|tv) crews?|"
        r"correspondents?|bloggers?|press (?:crew|team)))",
    ),
    Trigger(
        "obstruction.mission",
        r"\b(?:(?:blocked|stopped|obstructed|hindered|prevented|denied|"
        r"refused|restricted|harass(?:ed)?|threatened|turned back)\b[^.;]{0,60}?"
        r"\b(?:peacekeepers?|peacekeeping|monitors?|observers?|mission|patrol)|"
        r"(?:peacekeepers?|peacekeeping (?:patrol|vehicles?|convoy|column)|monitors?|"
        r"observers?|patrol|mission)\b[^.;]{0,40}?\b(?:were|was|had been|been)? ?"
        r"(?:blocked|stopped|obstructed|denied|prevented|not allowed|refused|turned back|"
        r"harassed|restricted)|freedom of movement of (?:the )?(?:mission|monitors|"
        r"peacekeepers))",
    ),
    Trigger(
        "obstruction.blockade",
        r"\b(?:blockade[sd]?|blockading|(?:block(?:ed|ing|s)?|closed|"
        r"closing|shut|cut off) (?:off )?(?:the )?(?:\w+ ){0,2}(?:road|corridor|highway|route|"
        r"roads|traffic|passage)|sit-in|road (?:was |is )?(?:blocked|closed)|"
        r"halted (?:all )?traffic|suspended (?:all )?traffic|stopped all traffic)",
    ),
    Trigger(
        "obstruction.movement",
        r"\b(?:(?:stopped|turned back|prevented|barred|not allowed|"
        r"refused|denied (?:passage|entry|access)|restrict(?:ed|ing|ions? on)|blocked|hindered)"
        r"\b[^.;]{0,60}?\b(?:vehicles?|civilians?|residents?|trucks?|cars?|buses|patients|"
        r"farmers|people|students|passage|travel|movement|ambulances?|entry)|"
        r"freedom of movement|(?:not|n't) allowed to (?:pass|cross|enter|leave|travel)|"
        r"denied (?:passage|entry)|"
        r"refused to let (?:\w+ ){0,3}(?:through|pass|cross)|not allowed (?:\w+ "
        r"){0,3}to (?:reach|pass|cross|enter)|has not allowed)",
    ),
    # protest
    Trigger(
        "protest.excessive_force",
        r"\b(?:tear gas|rubber bullets|stun grenades|water cannon|"
        r"beat(?:ing)? (?:the )?protesters|violently dispersed)\b",
    ),
    Trigger("protest.riot", r"\b(?:riots?|rioters|rioting|violent (?:demonstration|protest)s?)\b"),
    Trigger(
        "protest.intervention",
        r"\b(?:dispersed (?:the )?(?:protest|rally|demonstrat)|"
        r"(?:police|officers|security forces) (?:\w+ )?(?:removed|dispersed|pushed back|"
        r"cleared) (?:the )?(?:protesters|demonstrators|crowd|activists)|"
        r"(?:protest|rally|demonstration)s? (?:was|were) dispersed|detained (?:\d+ |several |"
        r"dozens of )?(?:protesters|demonstrators|activists))",
    ),
    Trigger(
        "protest.peaceful",
        r"\b(?:protest(?:s|ers|ed|ing)?|rall(?:y|ies|ied)|"
        r"demonstrat(?:ion|ions|ors|ed)|picket(?:s|ed|ing)?|marched|march\b|"
        r"(?:eco|environmental)[- ]activists|(?:people|residents|activists|citizens|"
        r"protesters|relatives|crowds?|villagers|women|mothers|students) (?:\w+ )?"
        r"(?:gathered|assembled|rallied) (?:outside|in front of|in|at|near|on))",
    ),
    # the mission's own activity
    Trigger(
        "mission.strength_report",
        r"\b(?:(?:\d[\d,]* |about \d[\d,]* )(?:peacekeepers|"
        r"servicemen|military personnel)\b(?:[^.;]{0,40}?(?:units of|pieces of) "
        r"(?:military )?(?:equipment|hardware))?|strength of the (?:contingent|mission)|"
        r"units of (?:military )?(?:equipment|hardware)|contingent (?:numbers|consists|"
        r"comprises)|"
        r"\d[\d,]* (?:personnel|troops)\b|vehicle fleet|armou?red (?:personnel )?carriers)",
        mission=True,
    ),
    Trigger(
        "mission.observation_post",
        r"\b(?:observation posts?|op[- ]?\d+|posts? (?:was |were )?"
        r"(?:deployed|set up|established|manned))",
        mission=True,
    ),
    Trigger(
        "mission.demining",
        r"\b(?:demin(?:ing|ed|e)|mine clearance|cleared (?:\d+ |of )?"
        r"(?:mines|explosive|ordnance|hectares|roads?)|sappers|explosive objects|"
        r"neutrali[sz]ed|defused|engineering (?:units|reconnaissance)|disposal of)",
        mission=True,
    ),
    Trigger(
        "mission.escort",
        r"\b(?:escort(?:s|ed|ing)?|accompan(?:ied|ying)|under (?:the )?"
        r"(?:protection|guard) of|"
        r"ensured (?:the )?safe (?:passage|movement))",
        mission=True,
    ),
    Trigger(
        "mission.investigation",
        r"\b(?:investigat(?:e|ed|ing|ion|ions)|inquir(?:y|ies)|"
        r"look(?:ed|ing) into|verif(?:y|ied|ying|ication)|inspected the (?:site|scene|area)|"
        r"examin(?:ed|ing) the (?:site|scene))",
        mission=True,
    ),
    Trigger(
        "mission.mediation",
        r"\b(?:mediat(?:e|ed|ing|ion)|facilitat(?:e|ed|ing)|"
        r"negotiat(?:e|ed|ing|ions?)|liaison|brokered|helped (?:to )?resolve|talks between|"
        r"meeting between|trilateral meeting|"
        r"in contact with (?:both|the) (?:sides|parties)|talks with (?:both|the)"
        r" (?:sides|parties)|held (?:a )?meetings? with (?:representatives|both|"
        r"the))",
        mission=True,
    ),
    Trigger(
        "mission.religious_cultural",
        r"\b(?:church(?:es)?|chapel|monaster(?:y|ies)|liturgy|"
        r"divine service|priests?|chaplain|concerts?|cultural|exhibition|festival|religious|"
        r"easter|christmas|new year|memorial service|wreaths?|museum|performance|"
        r"victory day|holiday celebrations?)",
        mission=True,
    ),
    Trigger(
        "mission.education",
        r"\b(?:schools?|schoolchildren|pupils|students|lessons?|classrooms?|"
        r"kindergartens?|school supplies|stationery|textbooks|school bags|"
        r"educational|first-graders)",
        mission=True,
    ),
    Trigger(
        "mission.checkpoint",
        r"\b(?:checkpoints?\b|inspect(?:ed|ion|ing|s) (?:of )?"
        r"(?:\d+ |the |all )?(?:vehicles|cargo|trucks|cars)|check(?:ed|ing) (?:the )?"
        r"(?:vehicles|cargo|documents))",
        mission=True,
    ),
    Trigger("mission.patrol", r"\b(?:patrol(?:s|led|ling|ed|ing)?)\b", mission=True),
    # humanitarian
    Trigger(
        "humanitarian.evacuation",
        r"\b(?:evacuat(?:e|ed|ing|ion)|medical transfer|"
        r"transferr?(?:ed|ing) (?:\d+ |the |a )?(?:patients|wounded|sick)|"
        r"(?:patients|wounded) (?:were )?(?:transferred|transported|taken)|airlift(?:ed)?|"
        r"took (?:\w+ ){0,4}(?:residents|people|civilians|families) out of|fled "
        r"(?:to|from|across)|(?:population|residents|people|inhabitants) (?:has "
        r"|have |had )?(?:already )?left|exodus)",
    ),
    Trigger(
        "humanitarian.return",
        r"\b(?:(?:returned|return|returning|came back|moved back|resettled)"
        r"\b[^.;]{0,30}?\b(?:home|homes|to their|villages?|houses)|(?:displaced|refugees|"
        r"former residents|families)\b[^.;]{0,40}?\b(?:returned|return|came back|resettled|"
        r"moved back)|great return|"
        r"(?:residents|families|people|refugees|displaced|students|villagers) (?"
        r":\w+ ){0,3}(?:returned|came back)|moved into (?:newly built |new )?(?:"
        r"houses|homes|apartments|flats))",
    ),
    Trigger(
        "humanitarian.delivery",
        r"\b(?:humanitarian (?:aid|cargo|supplies|assistance|convoy|"
        r"trucks?|goods|deliveries)|aid (?:trucks|convoys?|shipments?|deliveries|parcels)|"
        r"(?:delivered|distributed|handed out|handed over|supplied|brought) (?:\d[\d,.]* "
        r"(?:tonnes|tons) of |about \d[\d,.]* (?:tonnes|tons) of |the |some )?(?:food|medicines?|"
        r"medical supplies|flour|fuel|aid|baby food|blankets|firewood|gas|supplies|"
        r"bread|drinking water|essentials|building materials|parcels)|(?:food|medicines?|"
        r"flour|aid|supplies) (?:was |were )?(?:delivered|distributed|handed out)|"
        r"\d[\d,.]* (?:tonnes|tons) of (?:food|aid|cargo|humanitarian|flour|medicine)|"
        r"delivered (?:\d[\d,]* |about \d[\d,]* )?(?:trucks|tonnes|tons|truckloa"
        r"ds|lorries) of|supply (?:the )?(?:\w+ ){0,2}(?:residents|population)|b"
        r"ringing in (?:\w+ ){0,3}(?:food|aid|supplies|fuel)|will deliver|to del"
        r"iver)",
    ),
    # detention, exchange, territory, agreement
    Trigger(
        "exchange.remains",
        r"\b(?:(?:bodies|remains|body) (?:of )?(?:\d+ |two |three |several |"
        r"the |a )?(?:\w+ ){0,2}(?:were |was )?(?:handed over|transferred|returned|exchanged|"
        r"recovered|retrieved|repatriated|found|located|exhumed)|search(?:es)? for (?:the )?"
        r"(?:bodies|remains|missing)|(?:handed over|transferred|returned|recovered|retrieved|"
        r"exchanged|repatriated) (?:the )?(?:bodies|remains)|mass grave|"
        r"(?:handover|transfer|return|repatriation) of (?:the )?(?:bodies|remain"
        r"s)|remains of (?:\d+|two|three|four|five|several|\w+) (?:servicemen|so"
        r"ldiers|people|civilians))",
    ),
    Trigger(
        "exchange.detainees",
        r"\b(?:(?:exchange|swap)(?:d|s)? (?:of )?(?:\d+ )?(?:prisoners|"
        r"detainees|captives|pows)|prisoner (?:exchange|swap)|(?:released|freed|handed over|"
        r"repatriated|returned|transferred) (?:\d+ |two |three |several |all |the )?"
        r"(?:\w+ ){0,3}(?:prisoners|detainees|captives|pows|servicemen|soldiers|conscripts)|"
        r"(?:prisoners|detainees|captives|servicemen|soldiers) (?:were |was )?"
        r"(?:released|freed|handed over|repatriated|returned home)|"
        r"handed (?:\w+ ){0,3}(?:servicemen|soldiers|prisoners|detainees|captive"
        r"s|civilians) back|exchange of (?:all )?(?:the )?(?:remaining )?(?:deta"
        r"inees|prisoners|captives))",
    ),
    Trigger(
        "detention.arrest",
        r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|s|ing)|detention|"
        r"taken into custody|apprehended|captured|taken prisoner|sentenced)",
    ),
    Trigger(
        "territory.handover",
        r"\b(?:(?:handed over|hand over|handover of|return(?:ed)?|"
        r"transfer(?:red)?|ceded|surrender(?:ed)?) (?:the |of )?(?:control (?:of|over) )?"
        r"(?:the )?(?:\w+ )?(?:district|region|villages?|territor(?:y|ies)|settlements?|areas?)|"
        r"(?:district|villages?|territor(?:y|ies)) (?:was|were) (?:handed over|returned|"
        r"transferred)|(?:entered|took over|entry of [\w ]{1,30}? into) (?:the )"
        r"?(?:\w+ )?(?:district|region)|"
        r"pass(?:ed)? (?:under|to) (?:\w+ )?control|"
        r"(?:entered|took over|took control of) (?:the )?(?:town|city|village|settlement) of)",
    ),
    Trigger(
        "agreement.signed",
        r"\b(?:(?:signed|concluded|reached|agreed on|agreed to|struck) "
        r"(?:an? |the )?(?:new )?(?:\w+ )?(?:agreement|deal|accord|memorandum|truce|ceasefire|"
        r"arrangement|protocol|statement|understanding)|(?:agreement|deal|accord|memorandum|"
        r"truce|ceasefire|arrangement|protocol) (?:was |were |has been )?(?:signed|reached|"
        r"agreed|concluded|struck|established|declared|announced)|"
        r"agreed to (?:a )?cease ?fire|accepted (?:a |the )?(?:ceasefire|truce|d"
        r"eal|proposal)|(?:ceasefire|truce|deal) (?:\w+ ){0,2}brokered|agreement"
        r" to (?:set up|establish|create|open)|sign (?:a |the )?(?:peace )?(?:tr"
        r"eaty|agreement|deal))",
    ),
    # mines
    Trigger(
        "mine.explosion",
        r"\b(?:(?:mine|landmine|anti-(?:tank|personnel) mine|explosive device|"
        r"ied|unexploded (?:ordnance|shell)|uxo|cluster (?:munition|bomb)|booby[- ]trap)s?\b"
        r"[^.;]{0,60}?\b(?:explod|blew up|blast|detonat|went off|hit|struck)|(?:blew up|"
        r"stepped on|ran over|struck|hit|detonated) (?:on )?(?:a |an )?(?:anti-\w+ )?"
        r"(?:mine|landmine|explosive)|mine (?:explosion|blast|incident)|"
        r"explosion of (?:a |an )?(?:mine|landmine|explosive))",
    ),
    Trigger(
        "mine.found",
        r"\b(?:(?:mines|landmines|explosive (?:objects|devices)|unexploded ordnance|"
        r"munitions|uxo|anti-(?:tank|personnel) mines)\b[^.;]{0,40}?\b(?:found|discovered|"
        r"detected|uncovered|planted|laid)|(?:laid|laying|planted|planting) (?:new )?"
        r"(?:anti-\w+ )?(?:mines|landmines)|mine-?laying|(?:found|discovered|detected|defused|"
        r"neutrali[sz]ed|removed)(?: and \w+)? (?:\d[\d,]* |about \d[\d,]* |\w+ )?"
        r"(?:anti-\w+ (?:and anti-\w+ )?)?(?:mines|landmines|explosive (?:object"
        r"s|devices)|unexploded|items of "
        r"unexploded|pieces of unexploded))",
    ),
    # other
    Trigger(
        "other.unclassified",
        r"\b(?:explosion (?:at|in|near|on) (?:a |an |the )|blast (?:at|in) "
        r"(?:a |an |the )|(?:pipeline|power line|bridge|substation|water supply)[^.;]{0,30}? "
        r"(?:was|were) (?:damaged|cut|blown)|loudspeakers)",
    ),
    Trigger(
        "other.change_to_group",
        r"\b(?:dissol(?:ved|ution)|disband(?:ed|ing|ment)?|"
        r"(?:appointed|named) (?:a |the )?(?:new )?commander|merged into|ceased to exist|"
        r"dissolv(?:e|ed|es|ing))",
    ),
)

# How firmly: words of the sentence, checked in this order.
SPECULATIVE = re.compile(
    r"\b(?:will|would|could|might|plans? to|planning to|planned|intends? to|intention|"
    r"is expected to|are expected to|expected to|threaten(?:s|ed)? to|prepar(?:ing|es) to|"
    r"is to|are to|aims? to|scheduled|proposed|possible|possibly|if\b|unless|risk of|"
    r"likely to|set to|ready to|warn(?:s|ed)? (?:that|of))",
    re.IGNORECASE,
)
DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|not true|untrue|disinformation|misinformation|fake\b|"
    r"false\b|falsehood|fabricat(?:ed|ion)|refut(?:ed|es|e)|(?:reject|dismiss)(?:ed|es|s)? (?:the |"
    r"these |such |this |that |those )?(?:claims?|reports?|allegations?|accusations?|account|"
    r"version|charges?)|groundless|baseless|"
    r"no truth|does not correspond|do not correspond|did not (?:open fire|fire|violate|"
    r"shell|happen|take place|occur)|never (?:happened|took place|fired))",
    re.IGNORECASE,
)
ALLEGED = re.compile(
    r"\b(?:allegedly|alleg(?:e|es|ed|ation|ations)|reportedly|purportedly|supposedly|"
    r"claim(?:s|ed|ing)?\b|is said to|are said to|was said to|were said to|said to have|"
    r"sources (?:revealed|said|say|claim|told)|according to (?:unconfirmed|some|local|"
    r"unnamed|several)|unconfirmed|accus(?:e|es|ed|ing|ations?)|rumou?rs?|apparently|"
    r"it is believed|believed to|suspected|suggest(?:s|ed)? that|appear(?:s|ed)? to)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|stated|states|reported|reports|announced|announces|told|"
    r"according to|informed|noted|added|confirmed|confirms|declared|wrote|writes|"
    r"press service|in a statement|statement (?:said|reads)|quoted|recorded by|"
    r"documented|registered|insisted|stressed|emphasi[sz]ed|pointed out|tweeted|posted|"
    r"saying|adding|claiming|citing)\b",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"\b(?:no|not|never|none|nor|without|neither|n't|nobody|nothing)\b|\bfree of\b",
    re.IGNORECASE,
)
# Sentences that speak of a time before the ceasefire or of the record in general.
HISTORY = re.compile(
    r"\b(?:during the (?:\d+-day |six-week |44-day )?war|in the (?:19)?90s|since 19\d\d|"
    r"first (?:karabakh|nagorno-karabakh) war|in 199\d|the 44-day|six-week war|"
    r"before the war|since the war|since the end of the war|after the war|forty-four days|"
    r"44 days of|last year's war|since the \d+ war|in the \d{4} war)\b",
    re.IGNORECASE,
)

NO_CASUALTIES = re.compile(
    r"\b(?:no (?:one|casualties|injuries|losses|victims|deaths)|without (?:casualties|losses|"
    r"injuries|victims)|nobody was|no-one was|caused no (?:casualties|injuries))\b",
    re.IGNORECASE,
)

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "fifteen": 15,
    "twenty": 20,
    "several": None,
    "dozens of": None,
}
_N = (
    r"(?P<n{}>\d[\d,]*|a dozen|an?|one|two|three|four|five|six|seven|eight|n"
    r"ine|ten|eleven|twelve|fifteen|twenty)"
)
_PERSON = (
    r"(?:(?:more |other |local |azerbaijani |armenian |russian |civilian |military |young |"
    r"elderly |ethnic armenian |\w+ )?(?:soldiers?|servicem[ae]n|conscripts?|civilians?|people|"
    r"persons?|residents?|farmers?|shepherds?|men|women|children|peacekeepers?|troops|"
    r"police(?:m[ae]n| officers?)?|officers?|border guards?|contract soldiers?|workers?|"
    r"villagers?|drivers?|deminers?|sappers?|fighters?|members?|individuals?|employees?))"
)
KILLED = re.compile(
    r"\b(?:"
    + _N.format(1)
    + r" "
    + _PERSON
    + r"(?: of [\w ]{1,30}?)? (?:were |was |have been |has been |"
    r"had been )?(?:killed|dead|died|shot dead|lost (?:their|his|her) li(?:v|f)es?|perished|"
    r"fatally)|(?:killing|killed|kills) "
    + _N.format(2)
    + r"\b|"
    + _N.format(3)
    + r" (?:dead|killed|fatalit)|"
    r"death toll (?:rose |rises )?(?:to |of |at )?" + _N.format(4) + r")",
    re.IGNORECASE,
)
WOUNDED = re.compile(
    r"\b(?:"
    + _N.format(5)
    + r" "
    + _PERSON
    + r"(?: of [\w ]{1,30}?)? (?:were |was |have been |has been |"
    r"had been )?(?:(?:seriously |slightly |lightly |severely )?(?:wounded|injured|hurt)|"
    r"sustained (?:\w+ )?(?:injuries|wounds)|received (?:\w+ )?(?:injuries|wounds))|"
    r"(?:wounding|injuring|wounded|injured) "
    + _N.format(6)
    + r"\b|"
    + _N.format(7)
    + r" (?:(?:others|more) )?(?:were )?(?:wounded|injured))",
    re.IGNORECASE,
)
QUANTITY = re.compile(
    r"\b(?P<value>\d[\d,]*(?:\.\d+)?)\s+(?P<unit>tonnes|tons|t\b|trucks|lorries|vehicles|cars|buses|"
    r"servicemen|personnel|peacekeepers|troops|violations|cases|shells|mines|rounds|"
    r"explosive objects|hectares|km|kilometres|people|families|patrols|observation posts|posts)",
    re.IGNORECASE,
)


def number(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# Every match of a trigger contains a word that begins with one of its anchors. The
# pipeline looks the words of a sentence up here and runs only the triggers they anchor,
# which is most of its speed; tests/extract/test_lexicon.py holds the anchors complete.
ANCHORS: dict[str, str] = {
    "cfv.shelling": "mortar artiller shell howitzer rocket grad multiple mm heavy large "
    "calibre 0 1 2 3 4 5 6 7 8 9",
    "cfv.drone": "drone uav unmanned quadcopter air airstrike loitering",
    "cfv.grenade": "grenade",
    "cfv.small_arms": "open fired firing shot gunfire shooting under came exchange sniper "
    "small machine automatic rifle burst shelled shelling",
    "cfv.undetermined": "violat ceasefire breach",
    "clash.chemical": "chemical phosphorus",
    "clash.government_regains": "regain took taken liberated recaptured captured seized",
    "clash.armed": "clash fighting firefight skirmish battle hostilities offensive assault "
    "stormed anti-terror military sabotage attack attempt group detachment saboteur",
    "civilians.sexual_violence": "rape sexual",
    "civilians.abduction": "abduct kidnap forcibly forced taken hostage",
    "civilians.property_destruction": "loot set burn torched vandali desecrat demolish "
    "bulldoz razed defaced destroy",
    "civilians.attack": "attack assault beat shot targeted fired wounded injured killed "
    "civilian farmer shepherd resident villager tractor herder children child woman women "
    "man men boy girl teenager family",
    "movement.withdrawal": "withdr pull left",
    "movement.base_established": "set established setting establish opened installed "
    "erected built building constructed new installed",
    "movement.fortification": "fortif trench dug digging engineering earthworks concrete "
    "firing strengthen",
    "movement.forces": "mov deploy redeploy transfer brought concentrat build amass massing "
    "reinforce troop military movement crossed advanced",
    "corridor.bypass": "bypass dirt unpaved gravel alternative mountain off outside "
    "circumvent forest side",
    "corridor.convoy": "convoy column vehicles trucks lorries cars buses",
    "corridor.crossing": "crossed passed went entered pass crossing vehicles trucks cars "
    "people citizens residents",
    "transfer.weapons": "smuggl weapons arms ammunition mines military servicemen troops "
    "explosives transport transfer delivery supply shipment rotation "
    "received supplied delivered brought supplies re-arming rearming",
    "transfer.resources": "ore gold copper molybdenum mineral metal illegal natural timber "
    "logging mining",
    "obstruction.journalists": "journalist reporter camera film media correspondent blogger "
    "press television tv",
    "obstruction.mission": "blocked stopped obstructed hindered prevented denied refused "
    "restricted harass threatened turned peacekeep monitor observer mission patrol freedom",
    "obstruction.blockade": "blockad block closed closing shut "
    "cut sit-in road halted suspended stopped",
    "obstruction.movement": "stopped turned prevented barred not refused denied restrict "
    "blocked hindered freedom allowed n't",
    "protest.excessive_force": "tear rubber stun water beat violently",
    "protest.riot": "riot violent",
    "protest.intervention": "dispersed protest rally demonstration detained",
    "protest.peaceful": "protest rall demonstrat picket march eco environmental people "
    "residents activists citizens relatives crowd villagers women mothers students",
    "mission.strength_report": "0 1 2 3 4 5 6 7 "
    "8 9 about strength units contingent vehicle armoured armored",
    "mission.observation_post": "observation op post",
    "mission.demining": "demin mine cleared sapper explosive neutrali defused engineering disposal",
    "mission.escort": "escort accompan under ensured",
    "mission.investigation": "investigat inquir look verif inspected examin",
    "mission.mediation": "mediat facilitat negotiat liaison brokered helped talks meeting "
    "trilateral held contact",
    "mission.religious_cultural": "church chapel monaster liturgy divine priest chaplain "
    "concert cultural exhibition festival religious easter christmas new memorial wreath "
    "museum performance victory holiday",
    "mission.education": "school pupil student lesson classroom kindergarten stationery "
    "textbook educational first-grader",
    "mission.checkpoint": "checkpoint inspect check",
    "mission.patrol": "patrol",
    "humanitarian.evacuation": "evacuat medical transfer patients wounded "
    "airlift took fled population inhabitants exodus",
    "humanitarian.return": "return came moved resettle displaced refugees former families "
    "great residents people students villagers moved",
    "humanitarian.delivery": "humanitarian aid delivered distributed handed supplied brought "
    "food medicine flour 0 1 2 3 4 5 6 7 8 9 delivered supply bringing deliver",
    "exchange.remains": "bodies remains body search handed transferred returned recovered "
    "retrieved exchanged repatriated mass handover transfer return repatriation remains",
    "exchange.detainees": "exchange swap prisoner released freed handed repatriated returned "
    "transferred detainees captives servicemen soldiers handed exchange",
    "detention.arrest": "arrest detain detention taken apprehended captured sentenced",
    "territory.handover": "handed hand handover return transfer ceded surrender district "
    "village territor entered took pass entered took",
    "agreement.signed": "signed concluded reached agreed struck agreement deal accord "
    "memorandum truce ceasefire arrangement protocol accepted brokered sign",
    "mine.explosion": "mine landmine anti-tank anti-personnel explosive ied unexploded uxo "
    "cluster booby blew stepped ran struck hit detonated explosion",
    "mine.found": "mines landmines explosive unexploded munitions uxo anti-tank "
    "anti-personnel laid laying planted planting mine-laying minelaying found discovered "
    "detected defused neutrali removed",
    "other.unclassified": "explosion blast pipeline power bridge substation water loudspeakers",
    "other.change_to_group": "dissol disband appointed named merged ceased dissolv",
}
