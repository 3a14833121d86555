"""Contains all the data models used in inputs/outputs"""

from .action import Action
from .add_codes import AddCodes
from .alert import Alert
from .alert_list import AlertList
from .alert_note import AlertNote
from .alert_status import AlertStatus
from .analytics_query import AnalyticsQuery
from .analytics_settings import AnalyticsSettings
from .api_key_record import ApiKeyRecord
from .assignment_view import AssignmentView
from .attempt import Attempt
from .auto_generate import AutoGenerate
from .batch_outcome import BatchOutcome
from .blacklist_body import BlacklistBody
from .blacklist_entry import BlacklistEntry
from .blacklist_list import BlacklistList
from .budget import Budget
from .bulk_body import BulkBody
from .bulk_evaluate import BulkEvaluate
from .bulk_job import BulkJob
from .bulk_result import BulkResult
from .bulk_revoke_body import BulkRevokeBody
from .bulk_row import BulkRow
from .bulk_row_metadata_type_0 import BulkRowMetadataType0
from .bulk_user import BulkUser
from .bulk_user_attributes import BulkUserAttributes
from .bundle_component import BundleComponent
from .campaign import Campaign
from .campaign_assets import CampaignAssets
from .campaign_assets_promotions_item import CampaignAssetsPromotionsItem
from .campaign_assets_rules_item import CampaignAssetsRulesItem
from .campaign_assets_segments_item import CampaignAssetsSegmentsItem
from .campaign_budget import CampaignBudget
from .campaign_budget_money import CampaignBudgetMoney
from .campaign_limits import CampaignLimits
from .campaign_metadata import CampaignMetadata
from .campaign_patch import CampaignPatch
from .campaign_patch_metadata_type_0 import CampaignPatchMetadataType0
from .campaign_promotion import CampaignPromotion
from .campaign_promotion_display_settings import CampaignPromotionDisplaySettings
from .campaign_status import CampaignStatus
from .campaign_usage import CampaignUsage
from .campaign_view import CampaignView
from .cart_item import CartItem
from .channel import Channel
from .channel_figures import ChannelFigures
from .channel_list import ChannelList
from .charset_name import CharsetName
from .check_body import CheckBody
from .check_result import CheckResult
from .class_ import Class
from .class_rates import ClassRates
from .class_usage import ClassUsage
from .cluster_view import ClusterView
from .code_list import CodeList
from .code_result import CodeResult
from .code_result_effects_item import CodeResultEffectsItem
from .code_view import CodeView
from .codes_import import CodesImport
from .codes_import_view import CodesImportView
from .codes_import_view_links import CodesImportViewLinks
from .comparison import Comparison
from .compile_body import CompileBody
from .compile_body_condition import CompileBodyCondition
from .compiled import Compiled
from .compiled_compiled import CompiledCompiled
from .context import Context
from .context_metadata import ContextMetadata
from .coupon import Coupon
from .coupon_metadata import CouponMetadata
from .coupon_page import CouponPage
from .coupon_patch import CouponPatch
from .coupon_patch_discount_type_0 import CouponPatchDiscountType0
from .coupon_patch_metadata_type_0 import CouponPatchMetadataType0
from .coupon_status import CouponStatus
from .coupon_type import CouponType
from .create_campaign import CreateCampaign
from .create_campaign_metadata_type_0 import CreateCampaignMetadataType0
from .create_channel import CreateChannel
from .create_coupon import CreateCoupon
from .create_coupon_discount_type_0 import CreateCouponDiscountType0
from .create_coupon_metadata_type_0 import CreateCouponMetadataType0
from .create_creative import CreateCreative
from .create_creative_metadata_type_0 import CreateCreativeMetadataType0
from .create_experiment import CreateExperiment
from .create_key import CreateKey
from .create_promotion import CreatePromotion
from .create_promotion_display_settings import CreatePromotionDisplaySettings
from .create_reward_item import CreateRewardItem
from .create_reward_item_metadata_type_0 import CreateRewardItemMetadataType0
from .create_reward_item_payload_type_0 import CreateRewardItemPayloadType0
from .create_rule import CreateRule
from .create_rule_condition import CreateRuleCondition
from .create_rule_metadata import CreateRuleMetadata
from .create_segment import CreateSegment
from .create_segment_definition_type_0 import CreateSegmentDefinitionType0
from .create_webhook import CreateWebhook
from .created_key import CreatedKey
from .creative import Creative
from .creative_kind import CreativeKind
from .creative_list import CreativeList
from .creative_metadata import CreativeMetadata
from .current_usage import CurrentUsage
from .customer import Customer
from .customer_attributes import CustomerAttributes
from .daily_usage import DailyUsage
from .data_format import DataFormat
from .day import Day
from .delivery import Delivery
from .delivery_status import DeliveryStatus
from .dimension import Dimension
from .discount_rules import DiscountRules
from .discount_type_0 import DiscountType0
from .discount_type_0_type import DiscountType0Type
from .discount_type_1 import DiscountType1
from .discount_type_1_type import DiscountType1Type
from .discount_type_2 import DiscountType2
from .discount_type_2_type import DiscountType2Type
from .discount_type_3 import DiscountType3
from .discount_type_3_type import DiscountType3Type
from .discount_type_4 import DiscountType4
from .discount_type_4_type import DiscountType4Type
from .discount_type_5 import DiscountType5
from .discount_type_5_type import DiscountType5Type
from .discount_type_6 import DiscountType6
from .discount_type_6_type import DiscountType6Type
from .discount_type_7 import DiscountType7
from .discount_type_7_type import DiscountType7Type
from .discount_type_8 import DiscountType8
from .discount_type_8_type import DiscountType8Type
from .discount_type_9 import DiscountType9
from .discount_type_9_type import DiscountType9Type
from .discount_type_10 import DiscountType10
from .discount_type_10_type import DiscountType10Type
from .discount_type_11 import DiscountType11
from .discount_type_11_type import DiscountType11Type
from .eligibility_criteria import EligibilityCriteria
from .eligibility_result import EligibilityResult
from .entry_source import EntrySource
from .error_code import ErrorCode
from .evaluate_body import EvaluateBody
from .event import Event
from .event_after_type_0 import EventAfterType0
from .event_batch import EventBatch
from .event_before_type_0 import EventBeforeType0
from .event_outcome import EventOutcome
from .event_status import EventStatus
from .event_view import EventView
from .experiment import Experiment
from .experiment_results import ExperimentResults
from .experiment_status import ExperimentStatus
from .explain_entry import ExplainEntry
from .export_body import ExportBody
from .export_filters import ExportFilters
from .export_format import ExportFormat
from .export_type import ExportType
from .filters import Filters
from .force_assign import ForceAssign
from .fraud_settings import FraudSettings
from .from_points import FromPoints
from .generate_body import GenerateBody
from .generated_code import GeneratedCode
from .grant_status import GrantStatus
from .healthz_response_200 import HealthzResponse200
from .home_region_view import HomeRegionView
from .hours_of_day import HoursOfDay
from .import_mode import ImportMode
from .import_options import ImportOptions
from .import_options_mapping_type_0 import ImportOptionsMappingType0
from .import_options_rows_type_0_item import ImportOptionsRowsType0Item
from .import_type import ImportType
from .job_error import JobError
from .job_kind import JobKind
from .job_status import JobStatus
from .job_view import JobView
from .job_view_output import JobViewOutput
from .job_view_spec import JobViewSpec
from .key_list import KeyList
from .key_mode import KeyMode
from .leave_request import LeaveRequest
from .leave_view import LeaveView
from .lifecycle_body import LifecycleBody
from .limit_body import LimitBody
from .limit_body_per_channel_type_0 import LimitBodyPerChannelType0
from .limit_body_per_store_type_0 import LimitBodyPerStoreType0
from .limit_set import LimitSet
from .limit_set_per_channel import LimitSetPerChannel
from .limit_set_per_store import LimitSetPerStore
from .limit_target import LimitTarget
from .limit_usage import LimitUsage
from .limit_usage_counters import LimitUsageCounters
from .limits_view import LimitsView
from .list_page_campaign import ListPageCampaign
from .list_page_campaign_data_item import ListPageCampaignDataItem
from .list_page_campaign_data_item_metadata import ListPageCampaignDataItemMetadata
from .list_page_campaign_promotion import ListPageCampaignPromotion
from .list_page_campaign_promotion_data_item import ListPageCampaignPromotionDataItem
from .list_page_campaign_promotion_data_item_display_settings import (
    ListPageCampaignPromotionDataItemDisplaySettings,
)
from .list_page_delivery import ListPageDelivery
from .list_page_delivery_data_item import ListPageDeliveryDataItem
from .list_page_event_view import ListPageEventView
from .list_page_event_view_data_item import ListPageEventViewDataItem
from .list_page_experiment import ListPageExperiment
from .list_page_experiment_data_item import ListPageExperimentDataItem
from .list_page_generated_code import ListPageGeneratedCode
from .list_page_generated_code_data_item import ListPageGeneratedCodeDataItem
from .list_page_job_view import ListPageJobView
from .list_page_job_view_data_item import ListPageJobViewDataItem
from .list_page_job_view_data_item_output import ListPageJobViewDataItemOutput
from .list_page_job_view_data_item_spec import ListPageJobViewDataItemSpec
from .list_page_redemption import ListPageRedemption
from .list_page_redemption_data_item import ListPageRedemptionDataItem
from .list_page_redemption_data_item_metadata import ListPageRedemptionDataItemMetadata
from .list_page_reward_grant import ListPageRewardGrant
from .list_page_reward_grant_data_item import ListPageRewardGrantDataItem
from .list_page_reward_grant_data_item_payload import ListPageRewardGrantDataItemPayload
from .list_page_reward_item import ListPageRewardItem
from .list_page_reward_item_data_item import ListPageRewardItemDataItem
from .list_page_reward_item_data_item_metadata import ListPageRewardItemDataItemMetadata
from .list_page_reward_item_data_item_payload import ListPageRewardItemDataItemPayload
from .list_page_rule import ListPageRule
from .list_page_rule_data_item import ListPageRuleDataItem
from .list_page_rule_data_item_condition import ListPageRuleDataItemCondition
from .list_page_rule_data_item_metadata import ListPageRuleDataItemMetadata
from .list_page_schedule import ListPageSchedule
from .list_page_schedule_data_item import ListPageScheduleDataItem
from .list_page_segment import ListPageSegment
from .list_page_segment_data_item import ListPageSegmentDataItem
from .list_page_segment_data_item_definition_type_0 import (
    ListPageSegmentDataItemDefinitionType0,
)
from .list_page_string import ListPageString
from .lock import Lock
from .lock_view import LockView
from .member_view import MemberView
from .members import Members
from .members_changed import MembersChanged
from .membership import Membership
from .metric import Metric
from .money import Money
from .off import Off
from .overview import Overview
from .overview_discount_by_currency import OverviewDiscountByCurrency
from .overview_refusals_by_reason import OverviewRefusalsByReason
from .overview_revenue_by_currency import OverviewRevenueByCurrency
from .patch_experiment import PatchExperiment
from .patch_promotion import PatchPromotion
from .patch_promotion_display_settings_type_0 import PatchPromotionDisplaySettingsType0
from .patch_reward_item import PatchRewardItem
from .patch_reward_item_metadata_type_0 import PatchRewardItemMetadataType0
from .patch_reward_item_payload_type_0 import PatchRewardItemPayloadType0
from .patch_rule import PatchRule
from .patch_rule_condition_type_0 import PatchRuleConditionType0
from .patch_rule_metadata_type_0 import PatchRuleMetadataType0
from .patch_segment import PatchSegment
from .patch_segment_definition_type_0 import PatchSegmentDefinitionType0
from .performance_metrics import PerformanceMetrics
from .performance_metrics_discount_by_currency import (
    PerformanceMetricsDiscountByCurrency,
)
from .points_settings import PointsSettings
from .policy_body import PolicyBody
from .policy_view import PolicyView
from .preview_body import PreviewBody
from .preview_body_promotions_item import PreviewBodyPromotionsItem
from .preview_options import PreviewOptions
from .problem import Problem
from .promo_context import PromoContext
from .promo_context_metadata import PromoContextMetadata
from .promo_item import PromoItem
from .promotion_eligibility import PromotionEligibility
from .promotion_eligibility_matched_rules_item import (
    PromotionEligibilityMatchedRulesItem,
)
from .promotion_status import PromotionStatus
from .promotion_type import PromotionType
from .provenance import Provenance
from .put_home_region import PutHomeRegion
from .put_points_settings import PutPointsSettings
from .put_rate_limits import PutRateLimits
from .query_result import QueryResult
from .query_result_rows_item import QueryResultRowsItem
from .quota import Quota
from .quota_money import QuotaMoney
from .ranking import Ranking
from .rate_limit_record import RateLimitRecord
from .rate_limits_view import RateLimitsView
from .readyz_response_200 import ReadyzResponse200
from .recommendation import Recommendation
from .redact_body import RedactBody
from .redact_view import RedactView
from .redeem_body import RedeemBody
from .redeem_body_metadata_type_0 import RedeemBodyMetadataType0
from .redeemer import Redeemer
from .redeemer_list import RedeemerList
from .redemption import Redemption
from .redemption_metadata import RedemptionMetadata
from .redemption_status import RedemptionStatus
from .reference_type import ReferenceType
from .report_export import ReportExport
from .report_format import ReportFormat
from .requested_status import RequestedStatus
from .retention_policy import RetentionPolicy
from .revoke_body import RevokeBody
from .revoke_filters import RevokeFilters
from .reward_grant import RewardGrant
from .reward_grant_payload import RewardGrantPayload
from .reward_item import RewardItem
from .reward_item_metadata import RewardItemMetadata
from .reward_item_payload import RewardItemPayload
from .reward_type import RewardType
from .row_result import RowResult
from .rule import Rule
from .rule_condition import RuleCondition
from .rule_metadata import RuleMetadata
from .sample_ratio import SampleRatio
from .sandbox_preview_response_200 import SandboxPreviewResponse200
from .schedule import Schedule
from .schedule_action import ScheduleAction
from .schedule_body import ScheduleBody
from .schedule_status import ScheduleStatus
from .schedule_target import ScheduleTarget
from .scope import Scope
from .score import Score
from .score_body import ScoreBody
from .score_counters import ScoreCounters
from .segment import Segment
from .segment_definition_type_0 import SegmentDefinitionType0
from .segment_kind import SegmentKind
from .segment_view import SegmentView
from .series import Series
from .series_points_item import SeriesPointsItem
from .serve_response_200 import ServeResponse200
from .settings_body import SettingsBody
from .signal import Signal
from .simulate_body import SimulateBody
from .simulate_body_condition_type_0 import SimulateBodyConditionType0
from .simulation import Simulation
from .simulation_clauses_item import SimulationClausesItem
from .sort import Sort
from .sort_order import SortOrder
from .subject_kind import SubjectKind
from .targeting import Targeting
from .test_generated import TestGenerated
from .test_webhook import TestWebhook
from .tier import Tier
from .time_restrictions import TimeRestrictions
from .time_window import TimeWindow
from .top_coupon import TopCoupon
from .top_coupon_discount import TopCouponDiscount
from .top_coupon_revenue import TopCouponRevenue
from .trigger import Trigger
from .trigger_config import TriggerConfig
from .usage_limits import UsageLimits
from .user_event import UserEvent
from .user_event_metadata_type_0 import UserEventMetadataType0
from .user_event_type import UserEventType
from .validate_body import ValidateBody
from .validate_options import ValidateOptions
from .validate_response import ValidateResponse
from .validate_response_best_combination_type_0 import (
    ValidateResponseBestCombinationType0,
)
from .validation_preview_response_200 import ValidationPreviewResponse200
from .variant import Variant
from .variant_result import VariantResult
from .variant_result_revenue_by_currency import VariantResultRevenueByCurrency
from .void_body import VoidBody
from .void_by_reference_body import VoidByReferenceBody
from .void_by_reference_result import VoidByReferenceResult
from .webhook_list import WebhookList
from .webhook_view import WebhookView

__all__ = (
    "Action",
    "AddCodes",
    "Alert",
    "AlertList",
    "AlertNote",
    "AlertStatus",
    "AnalyticsQuery",
    "AnalyticsSettings",
    "ApiKeyRecord",
    "AssignmentView",
    "Attempt",
    "AutoGenerate",
    "BatchOutcome",
    "BlacklistBody",
    "BlacklistEntry",
    "BlacklistList",
    "Budget",
    "BulkBody",
    "BulkEvaluate",
    "BulkJob",
    "BulkResult",
    "BulkRevokeBody",
    "BulkRow",
    "BulkRowMetadataType0",
    "BulkUser",
    "BulkUserAttributes",
    "BundleComponent",
    "Campaign",
    "CampaignAssets",
    "CampaignAssetsPromotionsItem",
    "CampaignAssetsRulesItem",
    "CampaignAssetsSegmentsItem",
    "CampaignBudget",
    "CampaignBudgetMoney",
    "CampaignLimits",
    "CampaignMetadata",
    "CampaignPatch",
    "CampaignPatchMetadataType0",
    "CampaignPromotion",
    "CampaignPromotionDisplaySettings",
    "CampaignStatus",
    "CampaignUsage",
    "CampaignView",
    "CartItem",
    "Channel",
    "ChannelFigures",
    "ChannelList",
    "CharsetName",
    "CheckBody",
    "CheckResult",
    "Class",
    "ClassRates",
    "ClassUsage",
    "ClusterView",
    "CodeList",
    "CodeResult",
    "CodeResultEffectsItem",
    "CodeView",
    "CodesImport",
    "CodesImportView",
    "CodesImportViewLinks",
    "Comparison",
    "CompileBody",
    "CompileBodyCondition",
    "Compiled",
    "CompiledCompiled",
    "Context",
    "ContextMetadata",
    "Coupon",
    "CouponMetadata",
    "CouponPage",
    "CouponPatch",
    "CouponPatchDiscountType0",
    "CouponPatchMetadataType0",
    "CouponStatus",
    "CouponType",
    "CreateCampaign",
    "CreateCampaignMetadataType0",
    "CreateChannel",
    "CreateCoupon",
    "CreateCouponDiscountType0",
    "CreateCouponMetadataType0",
    "CreateCreative",
    "CreateCreativeMetadataType0",
    "CreateExperiment",
    "CreateKey",
    "CreatePromotion",
    "CreatePromotionDisplaySettings",
    "CreateRewardItem",
    "CreateRewardItemMetadataType0",
    "CreateRewardItemPayloadType0",
    "CreateRule",
    "CreateRuleCondition",
    "CreateRuleMetadata",
    "CreateSegment",
    "CreateSegmentDefinitionType0",
    "CreateWebhook",
    "CreatedKey",
    "Creative",
    "CreativeKind",
    "CreativeList",
    "CreativeMetadata",
    "CurrentUsage",
    "Customer",
    "CustomerAttributes",
    "DailyUsage",
    "DataFormat",
    "Day",
    "Delivery",
    "DeliveryStatus",
    "Dimension",
    "DiscountRules",
    "DiscountType0",
    "DiscountType0Type",
    "DiscountType1",
    "DiscountType1Type",
    "DiscountType2",
    "DiscountType2Type",
    "DiscountType3",
    "DiscountType3Type",
    "DiscountType4",
    "DiscountType4Type",
    "DiscountType5",
    "DiscountType5Type",
    "DiscountType6",
    "DiscountType6Type",
    "DiscountType7",
    "DiscountType7Type",
    "DiscountType8",
    "DiscountType8Type",
    "DiscountType9",
    "DiscountType9Type",
    "DiscountType10",
    "DiscountType10Type",
    "DiscountType11",
    "DiscountType11Type",
    "EligibilityCriteria",
    "EligibilityResult",
    "EntrySource",
    "ErrorCode",
    "EvaluateBody",
    "Event",
    "EventAfterType0",
    "EventBatch",
    "EventBeforeType0",
    "EventOutcome",
    "EventStatus",
    "EventView",
    "Experiment",
    "ExperimentResults",
    "ExperimentStatus",
    "ExplainEntry",
    "ExportBody",
    "ExportFilters",
    "ExportFormat",
    "ExportType",
    "Filters",
    "ForceAssign",
    "FraudSettings",
    "FromPoints",
    "GenerateBody",
    "GeneratedCode",
    "GrantStatus",
    "HealthzResponse200",
    "HomeRegionView",
    "HoursOfDay",
    "ImportMode",
    "ImportOptions",
    "ImportOptionsMappingType0",
    "ImportOptionsRowsType0Item",
    "ImportType",
    "JobError",
    "JobKind",
    "JobStatus",
    "JobView",
    "JobViewOutput",
    "JobViewSpec",
    "KeyList",
    "KeyMode",
    "LeaveRequest",
    "LeaveView",
    "LifecycleBody",
    "LimitBody",
    "LimitBodyPerChannelType0",
    "LimitBodyPerStoreType0",
    "LimitSet",
    "LimitSetPerChannel",
    "LimitSetPerStore",
    "LimitTarget",
    "LimitUsage",
    "LimitUsageCounters",
    "LimitsView",
    "ListPageCampaign",
    "ListPageCampaignDataItem",
    "ListPageCampaignDataItemMetadata",
    "ListPageCampaignPromotion",
    "ListPageCampaignPromotionDataItem",
    "ListPageCampaignPromotionDataItemDisplaySettings",
    "ListPageDelivery",
    "ListPageDeliveryDataItem",
    "ListPageEventView",
    "ListPageEventViewDataItem",
    "ListPageExperiment",
    "ListPageExperimentDataItem",
    "ListPageGeneratedCode",
    "ListPageGeneratedCodeDataItem",
    "ListPageJobView",
    "ListPageJobViewDataItem",
    "ListPageJobViewDataItemOutput",
    "ListPageJobViewDataItemSpec",
    "ListPageRedemption",
    "ListPageRedemptionDataItem",
    "ListPageRedemptionDataItemMetadata",
    "ListPageRewardGrant",
    "ListPageRewardGrantDataItem",
    "ListPageRewardGrantDataItemPayload",
    "ListPageRewardItem",
    "ListPageRewardItemDataItem",
    "ListPageRewardItemDataItemMetadata",
    "ListPageRewardItemDataItemPayload",
    "ListPageRule",
    "ListPageRuleDataItem",
    "ListPageRuleDataItemCondition",
    "ListPageRuleDataItemMetadata",
    "ListPageSchedule",
    "ListPageScheduleDataItem",
    "ListPageSegment",
    "ListPageSegmentDataItem",
    "ListPageSegmentDataItemDefinitionType0",
    "ListPageString",
    "Lock",
    "LockView",
    "MemberView",
    "Members",
    "MembersChanged",
    "Membership",
    "Metric",
    "Money",
    "Off",
    "Overview",
    "OverviewDiscountByCurrency",
    "OverviewRefusalsByReason",
    "OverviewRevenueByCurrency",
    "PatchExperiment",
    "PatchPromotion",
    "PatchPromotionDisplaySettingsType0",
    "PatchRewardItem",
    "PatchRewardItemMetadataType0",
    "PatchRewardItemPayloadType0",
    "PatchRule",
    "PatchRuleConditionType0",
    "PatchRuleMetadataType0",
    "PatchSegment",
    "PatchSegmentDefinitionType0",
    "PerformanceMetrics",
    "PerformanceMetricsDiscountByCurrency",
    "PointsSettings",
    "PolicyBody",
    "PolicyView",
    "PreviewBody",
    "PreviewBodyPromotionsItem",
    "PreviewOptions",
    "Problem",
    "PromoContext",
    "PromoContextMetadata",
    "PromoItem",
    "PromotionEligibility",
    "PromotionEligibilityMatchedRulesItem",
    "PromotionStatus",
    "PromotionType",
    "Provenance",
    "PutHomeRegion",
    "PutPointsSettings",
    "PutRateLimits",
    "QueryResult",
    "QueryResultRowsItem",
    "Quota",
    "QuotaMoney",
    "Ranking",
    "RateLimitRecord",
    "RateLimitsView",
    "ReadyzResponse200",
    "Recommendation",
    "RedactBody",
    "RedactView",
    "RedeemBody",
    "RedeemBodyMetadataType0",
    "Redeemer",
    "RedeemerList",
    "Redemption",
    "RedemptionMetadata",
    "RedemptionStatus",
    "ReferenceType",
    "ReportExport",
    "ReportFormat",
    "RequestedStatus",
    "RetentionPolicy",
    "RevokeBody",
    "RevokeFilters",
    "RewardGrant",
    "RewardGrantPayload",
    "RewardItem",
    "RewardItemMetadata",
    "RewardItemPayload",
    "RewardType",
    "RowResult",
    "Rule",
    "RuleCondition",
    "RuleMetadata",
    "SampleRatio",
    "SandboxPreviewResponse200",
    "Schedule",
    "ScheduleAction",
    "ScheduleBody",
    "ScheduleStatus",
    "ScheduleTarget",
    "Scope",
    "Score",
    "ScoreBody",
    "ScoreCounters",
    "Segment",
    "SegmentDefinitionType0",
    "SegmentKind",
    "SegmentView",
    "Series",
    "SeriesPointsItem",
    "ServeResponse200",
    "SettingsBody",
    "Signal",
    "SimulateBody",
    "SimulateBodyConditionType0",
    "Simulation",
    "SimulationClausesItem",
    "Sort",
    "SortOrder",
    "SubjectKind",
    "Targeting",
    "TestGenerated",
    "TestWebhook",
    "Tier",
    "TimeRestrictions",
    "TimeWindow",
    "TopCoupon",
    "TopCouponDiscount",
    "TopCouponRevenue",
    "Trigger",
    "TriggerConfig",
    "UsageLimits",
    "UserEvent",
    "UserEventMetadataType0",
    "UserEventType",
    "ValidateBody",
    "ValidateOptions",
    "ValidateResponse",
    "ValidateResponseBestCombinationType0",
    "ValidationPreviewResponse200",
    "Variant",
    "VariantResult",
    "VariantResultRevenueByCurrency",
    "VoidBody",
    "VoidByReferenceBody",
    "VoidByReferenceResult",
    "WebhookList",
    "WebhookView",
)
