"""All tables. Import from here: `from store.tables import Order`."""

from store.tables._base import new_token, now
from store.tables.aftersales import (
    MerchantReply,
    ReturnRequest,
    ReturnRequestCreate,
    ReturnRequestPublic,
    Review,
    ReviewCreate,
    ReviewPublic,
    SupportMessage,
    SupportMessageCreate,
    SupportMessagePublic,
)
from store.tables.api import ApiToken, IdempotentRequest
from store.tables.auth import AccountCode, KnownDevice, Throttle
from store.tables.carts import Cart, CartLine, CartLineCreate, CartLinePublic, CartPublic
from store.tables.catalog import (
    BuyerArtwork,
    CatalogArtwork,
    CatalogDraft,
    CatalogDraftPublic,
    CatalogVersion,
    CatalogVersionPublic,
)
from store.tables.compile import CompileArtifact, CompileJob, CompileJobPublic
from store.tables.crm import Campaign, CampaignRecipient, CustomerErasure, CustomerProfile, FunnelEvent, Segment
from store.tables.customers import (
    Customer,
    CustomerCreate,
    CustomerPublic,
    Design,
    DesignCreate,
    DesignPublic,
)
from store.tables.marketing import Coupon, CouponCreate, CouponRedemption, LoyaltyEntry
from store.tables.ops import AuditEntry, Notification
from store.tables.orders import (
    Order,
    OrderEvent,
    OrderEventPublic,
    OrderLine,
    OrderLinePublic,
    OrderPublic,
    Payment,
)
from store.tables.payments import PaymentIntent
from store.tables.sessions import BrowserSession
from store.tables.stock import Material, MaterialPublic, ProductionStep, PurchaseNeed, StockMovement

__all__ = [
    "AccountCode",
    "ApiToken",
    "AuditEntry",
    "BrowserSession",
    "BuyerArtwork",
    "Campaign",
    "CampaignRecipient",
    "Cart",
    "CartLine",
    "CartLineCreate",
    "CartLinePublic",
    "CartPublic",
    "CatalogArtwork",
    "CatalogDraft",
    "CatalogDraftPublic",
    "CatalogVersion",
    "CatalogVersionPublic",
    "CompileArtifact",
    "CompileJob",
    "CompileJobPublic",
    "Coupon",
    "CouponCreate",
    "CouponRedemption",
    "Customer",
    "CustomerCreate",
    "CustomerErasure",
    "CustomerProfile",
    "CustomerPublic",
    "Design",
    "DesignCreate",
    "DesignPublic",
    "FunnelEvent",
    "IdempotentRequest",
    "KnownDevice",
    "LoyaltyEntry",
    "Material",
    "MaterialPublic",
    "MerchantReply",
    "Notification",
    "Order",
    "OrderEvent",
    "OrderEventPublic",
    "OrderLine",
    "OrderLinePublic",
    "OrderPublic",
    "Payment",
    "PaymentIntent",
    "ProductionStep",
    "PurchaseNeed",
    "ReturnRequest",
    "ReturnRequestCreate",
    "ReturnRequestPublic",
    "Review",
    "ReviewCreate",
    "ReviewPublic",
    "Segment",
    "StockMovement",
    "SupportMessage",
    "SupportMessageCreate",
    "SupportMessagePublic",
    "Throttle",
    "new_token",
    "now",
]
